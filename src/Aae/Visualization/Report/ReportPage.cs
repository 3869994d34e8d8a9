using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aae.Visualization.Report;

/// <summary>
/// Puts a report's content into one HTML file: the page's style and script (report.css and
/// report.js, embedded in this assembly) inline, and the content as a JSON block the script reads.
/// </summary>
public static class ReportPage
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // The default encoder escapes '<' and '>', so no "</script>" can end the JSON block early.
    };

    public static string Render(string title, object content) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{System.Net.WebUtility.HtmlEncode(title)}</title>
        <style>
        {Resource("report.css")}
        </style>
        </head>
        <body>
        <main id="report"><noscript>This report draws itself with JavaScript.</noscript></main>
        <script type="application/json" id="report-data">{JsonSerializer.Serialize(content, content.GetType(), Options)}</script>
        <script>
        {Resource("report.js")}
        {Resource("report-views.js")}
        </script>
        </body>
        </html>
        """;

    static string Resource(string name)
    {
        using var stream = typeof(ReportPage).Assembly.GetManifestResourceStream($"Aae.Report.{name}")
            ?? throw new InvalidOperationException($"the report's {name} is not embedded in the assembly");
        return new StreamReader(stream).ReadToEnd();
    }
}
