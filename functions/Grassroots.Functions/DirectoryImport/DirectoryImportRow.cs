using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// The audit of one import (table DirectoryImports): who, when, what it changed, which events and which dispatches it moved. Partition
/// <c>import</c>, newest first. Written before the directory changes (<see cref="Applied"/> false) and marked applied
/// after, so an import that stopped half-way is still on record.
/// </summary>
public sealed class DirectoryImportRow : ITableEntity
{
    public const string Partition = "import";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ImportId { get; set; } = "";
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    public string ChangesJson { get; set; } = "{}";
    public string MovedJson { get; set; } = "[]";
    /// <summary>The dispatches the import moved off removed departments (<see cref="MovedDispatch"/> list).</summary>
    public string MovedDispatchesJson { get; set; } = "[]";
    /// <summary>The moves the request named (<see cref="DirectoryMovesRecord"/>): a retry of this import names the same ones.</summary>
    public string MovesJson { get; set; } = "";
    public bool Applied { get; set; }

    /// <summary>
    /// How many <see cref="DirectoryImportPageRow"/> pages hold <see cref="ChangesJson"/>, <see cref="MovedJson"/> and
    /// <see cref="MovedDispatchesJson"/> when one is too long for its column (left empty here); 0 when it is inline.
    /// </summary>
    public int ChangesPages { get; set; }

    /// <inheritdoc cref="ChangesPages"/>
    public int MovedPages { get; set; }

    /// <inheritdoc cref="ChangesPages"/>
    public int MovedDispatchesPages { get; set; }
}
