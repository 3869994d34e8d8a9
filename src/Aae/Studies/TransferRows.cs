using System.Globalization;
using Aae.Evaluation;
using Aae.Experiments;
using Aae.Runs;
using Aae.Visualization;

namespace Aae.Studies;

/// <summary>
/// The classifiers of the transfer study and the rows they make, each classifier saved under
/// lightgbm/&lt;variant&gt;/&lt;feature set&gt;/seed-&lt;s&gt;/ and reused when present.
/// </summary>
sealed class TransferRows(string folder, int threads, int seeds, Action<string> log, Action<ClassifierResult, string> onResult)
{
    static readonly string[] CarShip = ["automobile", "ship"];
    readonly List<TransferRow> rows = [];
    readonly List<(string, IReadOnlyList<TransferCurveFigure.Point>)> curves = [];
    readonly List<(string, double)> controls = [];
    string tuning = "";

    IEnumerable<int> Seeds => Enumerable.Range(0, seeds);

    public void Build(TransferCodes codes, string faces, string plain, int[] epochs, int pcaComponents, int validationCodes)
    {
        var final = codes.Encoder("faces-final", faces);
        int facesEpochs = EpochsTrained(faces);
        var finalRow = Add($"faces encoder ({facesEpochs} epochs) + LightGBM", "LightGBM 0..", Seeds.Select(s => Classify(final, s)), 0.4317, 0.8424);
        var facesAlong = Along(codes, faces, "faces", "faces encoder", epochs);
        var untrained = Seeds.Select(s => codes.Encoder($"untrained-seed-{s}", faces, untrainedSeed: s)).ToList();
        var untrainedRow = Add("faces encoder, untrained + LightGBM", "weights 0..", untrained.Select((set, s) => Classify(set, s)));

        var autoencoder = codes.Encoder("plain-autoencoder", plain);
        int plainEpochs = EpochsTrained(plain);
        var plainRow = Add($"plain autoencoder on the faces (λ = 0, {plainEpochs} epochs) + LightGBM", "1", [Classify(autoencoder, 0)]);
        var plainAlong = Along(codes, plain, "plain-autoencoder", "plain autoencoder", epochs);

        var pca = Seeds.Select(s => codes.Pca($"pca-{pcaComponents}-seed-{s}", pcaComponents, s)).ToList();
        var pcaRow = Add($"PCA-{pcaComponents} of the pixels + LightGBM", "projection 0..", pca.Select((set, s) => Classify(set, s)));

        // Epoch 0 of both runs is the untrained encoder of seed 0 (both start from the same weights).
        var start = Point(0, untrainedRow with { Results = untrainedRow.Results.Take(1).ToList() });
        curves.Add(("adversarial autoencoder (lfw-faces)", [start, .. facesAlong, Point(facesEpochs, finalRow)]));
        curves.Add(("plain autoencoder (λ = 0)", [start, .. plainAlong, Point(plainEpochs, plainRow)]));
        controls.Add(($"PCA-{pcaComponents} of the pixels", pcaRow.TestAccuracy.Mean));

        var search = LightGbmSearch.Run(final, validationCodes, Path.Combine(folder, "lightgbm", "search"), threads, log);
        var best = LightGbmSearch.Best(search);
        tuning = SearchTable(search, best, final.Name, validationCodes);
        // A tuned fit costs up to three default ones (minutes each on all images): one seed per row.
        Add("faces encoder + tuned LightGBM", "1", [Classify(final, 0, best)]);
        Add("faces encoder, untrained + tuned LightGBM", "1", [Classify(untrained[0], 0, best)]);
        Add($"PCA-{pcaComponents} of the pixels + tuned LightGBM", "1", [Classify(pca[0], 0, best)]);

        Add("faces encoder + LightGBM (car/ship)", "1", [Classify(codes.Subset("faces-final-car-ship", final, CarShip), 0)], 0.8455, 0.9166);
        Add("faces encoder, untrained + LightGBM (car/ship)", "1", [Classify(codes.Subset("untrained-seed-0-car-ship", untrained[0], CarShip), 0)]);
        Add($"PCA-{pcaComponents} + LightGBM (car/ship)", "1", [Classify(codes.Subset($"{pca[0].Name}-car-ship", pca[0], CarShip), 0)]);
    }

    /// <summary>Rows for an identity model's codes: the whole code, then each named part of it alone (who, then how).</summary>
    public void AddCodeParts(TransferCodes codes, string run)
    {
        var (size, parts) = CodeParts(run);
        var whole = codes.Encoder("identity-model", run);
        Add($"identity model, whole code ({size}-d) + LightGBM", "LightGBM 0..", Seeds.Select(s => Classify(whole, s)));
        foreach (var part in parts)
        {
            var set = codes.Part($"identity-model-{part.Name}", whole, part);
            Add($"identity model, {part.Name} code ({part.Length}-d) + LightGBM", "LightGBM 0..", Seeds.Select(s => Classify(set, s)));
        }
    }

    /// <summary>The code's size and named parts of an identity run; one line when it has none (checked before the study's long steps too).</summary>
    public static (int Size, IReadOnlyList<Families.CodePart> Parts) CodeParts(string run)
    {
        using var model = TransferExperiment.LoadFacesEncoder(run, null, null);
        var parts = (model.Family as Families.IHasCodeParts)?.CodeParts
            ?? throw new AaeException($"{Path.GetFullPath(run)}: --identity-run needs an identity-aae run (lfw-identity); its code has no parts");
        return ((int)model.Family.Prior.Dimensions, parts);
    }

    /// <summary>Adds the CNN and random guessing, writes results.md, results.json and transfer_curve.png; returns the table.</summary>
    public string Finish(ClassifierResult cnn, string faces, string plain)
    {
        rows.Insert(0, new TransferRow("CNN on pixels", "1", [cnn], 0.7391, 0.9600));
        int classes = rows[1].Classes;
        rows.Add(new TransferRow("random guessing", "", [Guessing(classes, rows[1].Results[0].Classes)], 0.10, 0.50));
        TransferCurveFigure.Save(Path.Combine(folder, "transfer_curve.png"), curves, controls,
            [(curves[0].Item1, new RunFolder(faces).LoadHistory().ToList()), (curves[1].Item1, new RunFolder(plain).LoadHistory().ToList())]);
        var notes = "Seeds: \"LightGBM 0..\" varies LightGBM's seed (with its defaults training is deterministic, so the spread is 0), " +
                    "\"weights 0..\" the untrained encoder's initial weights, \"projection 0..\" the PCA's random projection. " +
                    $"The sampling error of an accuracy near 45% on 10,000 test images is about 0.5 points.\n\n{tuning}";
        var markdown = TransferTable.Markdown(rows, notes);
        TransferTable.Write(folder, rows, markdown);
        return markdown;
    }

    TransferRow Add(string model, string seedNote, IEnumerable<ClassifierResult> results, double? studyAccuracy = null, double? studyAuroc = null)
    {
        var list = results.ToList();
        var row = new TransferRow(model, seedNote.EndsWith("..", StringComparison.Ordinal) ? seedNote + (list.Count - 1) : seedNote, list,
            studyAccuracy, studyAuroc);
        rows.Add(row);
        return row;
    }

    ClassifierResult Classify(CodeSet set, int seed, LightGbmSettings? settings = null)
    {
        if (settings == LightGbmSettings.Defaults) settings = null;  // the search may keep the defaults
        var output = Path.Combine(folder, "lightgbm", settings is null ? "default" : "tuned", set.Name, $"seed-{seed}");
        var saved = Path.Combine(output, "results.json");
        if (File.Exists(saved)) return Json.Read<ClassifierResult>(saved);
        log($"LightGBM ({(settings is null ? "defaults" : "tuned")}, seed {seed}) on {set.Name}");
        var result = TransferExperiment.Classify(output, set.Train, set.Test, threads, seed, settings, $"{set.Name} + LightGBM");
        onResult(result, output);
        return result;
    }

    /// <summary>Rows for the weights a run kept after each of <paramref name="epochs"/> before its last; the curve's points.</summary>
    List<TransferCurveFigure.Point> Along(TransferCodes codes, string run, string name, string label, int[] epochs)
    {
        var folderOfRun = new RunFolder(run);
        var points = new List<TransferCurveFigure.Point>();
        int trained = EpochsTrained(run);
        foreach (var epoch in epochs.Where(e => e < trained).Order().Reverse())
        {
            if (!File.Exists(folderOfRun.EpochCheckpointPath(epoch)))
            {
                log($"{run}: no weights kept after epoch {epoch} (train with --keep-checkpoints): that row is left out");
                continue;
            }
            var set = codes.Encoder($"{name}-epoch-{epoch}", run, epoch: epoch);
            points.Add(Point(epoch, Add($"{label} after {epoch} epoch{(epoch == 1 ? "" : "s")} + LightGBM", "1", [Classify(set, 0)])));
        }
        points.Reverse();
        return points;
    }

    static int EpochsTrained(string run) => new RunFolder(run).LoadHistory().Count();

    static TransferCurveFigure.Point Point(int epoch, TransferRow row) => new(epoch, row.TestAccuracy.Mean, row.TestAccuracy.Sd);

    static ClassifierResult Guessing(int classes, IReadOnlyList<string> names)
    {
        var report = new ClassificationReport(names, 1.0 / classes, [], [], 0, 0, 0);
        var chance = new ClassifierScores(1.0 / classes, 0.5, report);
        return new ClassifierResult("random guessing", names, chance, chance, 0);
    }

    static string SearchTable(IReadOnlyList<SearchTrial> trials, LightGbmSettings best, string codes, int validation)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"LightGBM search on the {codes} training codes, the last {validation:N0} held out for validation (the test set is not read); chosen: the best validation accuracy.");
        text.AppendLine();
        text.AppendLine("| LightGBM | train accuracy | validation accuracy | seconds |");
        text.AppendLine("|---|---|---|---|");
        foreach (var t in trials)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Settings}{(t.Settings == best ? " (chosen)" : "")} | {ClassifierOutputs.Percent(t.TrainAccuracy)} | {ClassifierOutputs.Percent(t.ValidationAccuracy)} | {t.Seconds:F0} |");
        return text.ToString();
    }
}
