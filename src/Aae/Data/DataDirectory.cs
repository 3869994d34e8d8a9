namespace Aae.Data;

/// <summary>Where datasets live: the --data-dir option, else $AAE_DATA, else ./data.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "AAE_DATA";

    public static string Resolve(string? option)
    {
        var chosen = option;
        if (string.IsNullOrEmpty(chosen)) chosen = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(chosen)) chosen = "data";
        return Path.GetFullPath(chosen);
    }
}
