using System.Text;

namespace Grassroots.Infra.Tests;

/// <summary>What one run of a command line printed and returned.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the command printed nothing at all (Bicep prints every diagnostic).</summary>
    public bool PrintedNothing => StandardOutput.Trim().Length == 0 && StandardError.Trim().Length == 0;

    /// <summary>Everything about the run, for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .AppendLine(CommandLine)
            .Append("exit code: ").Append(ExitCode).AppendLine()
            .AppendLine("--- stdout ---")
            .AppendLine(StandardOutput)
            .AppendLine("--- stderr ---")
            .AppendLine(StandardError);
        return text.ToString();
    }
}
