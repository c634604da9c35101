namespace Grassroots.Functions.Http;

/// <summary>
/// What text from outside may contain before it is stored and shown to staff and residents. Control characters could
/// forge lines in logs and exports; bidi overrides and isolates make text read differently from what it holds (a
/// reviewer could be shown a note that is not the note stored). Broken UTF-16 cannot be stored faithfully.
/// </summary>
public static class PlainText
{
    /// <returns>Why the text is refused, or null when it is acceptable.</returns>
    /// <param name="multiline">Free text (descriptions, notes): newline and tab are allowed; single-line values allow neither.</param>
    public static string? Refusal(string? text, bool multiline)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return "must be valid Unicode text";
            }

            if (IsBidiControl(c))
            {
                return "must not contain bidirectional override or isolate characters";
            }

            if (char.IsControl(c) && !(multiline && c is '\n' or '\t'))
            {
                return multiline ? "must not contain control characters other than newline and tab" : "must not contain control characters";
            }
        }

        return null;
    }

    /// <summary>Turns Windows line ends (as a browser's text area sends them) into newlines, so they pass <see cref="Refusal"/>.</summary>
    public static string? NormalizeLineEnds(string? text) => text?.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI, FSI, PDI (U+2066–U+2069).</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
