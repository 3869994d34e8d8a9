using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Aae.Evaluation;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>
/// The generative study's table from its runs' metrics.json files: one row per member and code
/// size, each measure as mean ± sd over the seeds; results.json (every seed's value too), results.md
/// with the Fréchet-distance floor, the 2-d runs' latent scatters side by side, and report.html.
/// </summary>
public static class GenerativeStudyResults
{
    /// <returns>The table as markdown.</returns>
    public static string Write(GenerativeStudy.Options options, Action<string> log)
    {
        var rows = new JsonArray();
        var table = new StringBuilder();
        table.AppendLine($"| model | code | seeds | {string.Join(" | ", GenerativeStudy.Columns.Select(c => c.Heading))} |");
        table.AppendLine($"|---|---|---|{string.Concat(GenerativeStudy.Columns.Select(_ => "---|"))}");
        var floors = new List<double>();
        var accuracies = new List<double>();
        foreach (var codeSize in options.Sizes)
        foreach (var member in GenerativeStudy.Members)
        {
            var runs = Enumerable.Range(0, options.Seeds)
                .Select(seed => Metrics.Read(Path.Combine(GenerativeStudy.RunPath(options, member.Name, codeSize, seed), "metrics.json"))).ToList();
            floors.AddRange(runs.Select(m => m["fd_floor"] ?? double.NaN));
            accuracies.AddRange(runs.Select(m => m["feature_classifier_accuracy"] ?? double.NaN));
            var row = new JsonObject { ["model"] = member.Name, ["code_size"] = codeSize, ["seeds"] = options.Seeds };
            var cells = new List<string>();
            foreach (var (metric, _) in GenerativeStudy.Columns)
            {
                var values = runs.Select(m => m[metric] ?? double.NaN).ToList();
                var (mean, sd) = GenerativeStudy.MeanAndSd(values);
                row[metric] = new JsonObject { ["mean"] = mean, ["sd"] = sd, ["values"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]) };
                cells.Add(GenerativeStudy.Spread(values, Format(metric)));
            }
            rows.Add(row);
            table.AppendLine($"| {member.Name} | {codeSize}-d | {options.Seeds} | {string.Join(" | ", cells)} |");
        }

        var figures = CopyScatters(options);
        var page = new StringBuilder();
        page.AppendLine($"# {GenerativeStudy.Name}");
        page.AppendLine();
        page.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"MNIST, {options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")} a run, {(options.Seeds == 1 ? "seed 0" : $"seeds 0-{options.Seeds - 1}")}, the same MLPs (512, 256) for every family; mean ± sd over the seeds. " +
            $"Fréchet distances (FD) are in the 128-d features of a small CNN trained here (test accuracy {accuracies.Average() * 100:F2}%), not the Inception FID of the papers; " +
            $"their floor (10,000 training images against the test set) is {floors.Average():F2}. The Parzen log-likelihood is in nats, σ chosen on {options.Validation:N0} validation images."));
        page.AppendLine();
        page.Append(table);
        if (figures.Count > 0)
        {
            page.AppendLine();
            page.AppendLine("## The 2-d codes of the test digits (seed 0)");
            page.AppendLine();
            foreach (var (member, file) in figures) page.AppendLine($"![{member}]({file})");
        }
        AtomicFile.WriteAllText(Path.Combine(options.Folder, "results.json"), rows.ToJsonString(Json.Options));
        AtomicFile.WriteAllText(Path.Combine(options.Folder, "results.md"), page.ToString());
        var report = WriteReport(options.Folder);
        log($"report: {report}");
        return table.ToString();
    }

    /// <summary>The study's report page: its table, its notes and the latent scatters it copied.</summary>
    public static readonly Visualization.Report.StudyReport.Kind ReportKind = new(GenerativeStudy.Name, GenerativeStudy.OptionsFile, Table,
        file => Path.GetFileName(Path.GetDirectoryName(file)) == "figures" && Path.GetFileName(file).StartsWith("latent-", StringComparison.Ordinal));

    public static string WriteReport(string folder) =>
        Visualization.Report.StudyReport.Write(Path.GetFullPath(folder), $"{GenerativeStudy.Name}: {Path.GetFileName(Path.GetFullPath(folder))}", ReportKind);

    static Visualization.Report.StudyReport.Table Table(JsonArray rows) => new(
        ["model", "code", "seeds", .. GenerativeStudy.Columns.Select(c => c.Heading)],
        [.. rows.OfType<JsonObject>().Select(row => (string[])
        [
            row["model"]?.ToString() ?? "", $"{row["code_size"]}-d", row["seeds"]?.ToString() ?? "",
            .. GenerativeStudy.Columns.Select(c => row[c.Metric]?["values"] is JsonArray values
                ? GenerativeStudy.Spread([.. values.Select(v => v?.GetValue<double>() ?? double.NaN)], Format(c.Metric)) : ""),
        ])]);

    static string Format(string metric) => metric switch
    {
        "test_mse" => "F4",
        "precision" or "recall" or "knn_accuracy" => "F3",
        "train_seconds" or "parzen_log_likelihood" => "F0",
        _ => "F2",
    };

    /// <summary>Copies each member's 2-d latent scatter (seed 0) into the study's figures/ folder; returns (member, relative path).</summary>
    static List<(string Member, string File)> CopyScatters(GenerativeStudy.Options options)
    {
        var copied = new List<(string, string)>();
        if (!options.Sizes.Contains(2)) return copied;
        var figures = Directory.CreateDirectory(Path.Combine(options.Folder, "figures")).FullName;
        foreach (var member in GenerativeStudy.Members)
        {
            var source = Path.Combine(GenerativeStudy.RunPath(options, member.Name, 2, 0), "figures", "latent.png");
            if (!File.Exists(source)) continue;
            var name = $"latent-{member.Name}-2d.png";
            AtomicFile.Write(Path.Combine(figures, name), stream => stream.Write(File.ReadAllBytes(source)));
            copied.Add((member.Name, $"figures/{name}"));
        }
        return copied;
    }
}
