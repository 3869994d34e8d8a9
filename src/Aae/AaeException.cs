namespace Aae;

/// <summary>
/// An error the user can cause and fix (a missing file, a corrupt dataset, a bad option).
/// Its message is one plain line, shown as is by the CLI.
/// </summary>
public class AaeException(string message, Exception? inner = null) : Exception(message, inner);
