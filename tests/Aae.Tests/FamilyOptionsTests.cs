using Aae.Cli;
using Aae.Config;
using Aae.Families;
using Aae.Families.Aae;
using Aae.Families.CategoricalAae;
using Aae.Families.Wae;
using Aae.Runs;
using Aae.Training;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Each family's options: its own record in config.json, its own command-line entries, and configs written before that still loading.</summary>
[Trait("Category", "Unit")]
public sealed class FamilyOptionsTests
{
    static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Aae.slnx"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("no Aae.slnx above the test binaries");
    }

    [Fact]
    public void EveryCommittedConfigLoadsIntoItsFamilysOptions()
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "config.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests"), "config.json", SearchOption.AllDirectories)).ToList();
        Assert.True(files.Count >= 5, $"only {files.Count} config.json files found");
        foreach (var file in files)
        {
            var config = RunInfo.Read(file).Config;
            config.Validate();
            Assert.Equal(ModelFamilies.Find(config.Family.Name).OptionsType, config.Family.GetType());
        }
    }

    [Fact]
    public void ASemiSupervisedConfigOfTheOldLayoutKeepsItsPhaseRatesAndLabels()
    {
        // Before families had options, the categorical rates sat in "training" and every family's keys in "family".
        var folder = TestData.NewFolder("aae-old-config");
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, """
            {"config": {"preset": "mnist-semi-100",
              "family": {"name": "categorical-aae", "lambda": 0.1, "use_labels": false, "categories": 10, "labelled_count": 100, "vat": 1},
              "training": {"epochs": 20, "regularisation_learning_rate": 0.0005, "semi_supervised_learning_rate": 0.002}},
             "dataset_files": [], "versions": {}, "created_utc": "2026-11-30T00:00:00Z"}
            """);
        var options = Assert.IsType<CategoricalAaeOptions>(RunInfo.Read(path).Config.Family);
        Assert.Equal(100, options.LabelledCount);
        Assert.Equal(1, options.Vat);
        Assert.Equal(0.0005, options.RegularisationLearningRate);
        Assert.Equal(0.002, options.SemiSupervisedLearningRate);
    }

    [Fact]
    public void ConfigJsonCarriesTheFamilysNameAndOnlyItsOwnOptions()
    {
        var config = Presets.Find("mnist-wae").Config;
        var json = Json.Serialize(new RunInfo(config, [], RunInfo.CurrentVersions(), DateTime.UnixEpoch));
        var family = System.Text.Json.Nodes.JsonNode.Parse(json)!["config"]!["family"]!.AsObject();
        Assert.Equal(["name", "lambda"], family.Select(p => p.Key).ToArray());
        Assert.Equal("wae", (string?)family["name"]);
        Assert.Equal(10.0, (double)family["lambda"]!);

        var folder = TestData.NewFolder("aae-config-roundtrip");
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, json);
        Assert.Equal(json, Json.Serialize(RunInfo.Read(path)));
    }

    [Fact]
    public void NamingAnotherFamilyStartsFromItsDefaultsAndItsSettingsApply()
    {
        var config = Presets.Find("mnist-gaussian").Config;
        config = Settings.Find("--family").Apply(config, "wae");
        Assert.Equal(new WaeOptions(), config.Family);
        config = Settings.Find("--lambda", "wae").Apply(config, 3.0);
        Assert.Equal(3.0, ((WaeOptions)config.Family).Lambda);
        // Each family describes its own --lambda; only the categorical AAE has --categories.
        Assert.NotEqual(Settings.Find("--lambda", "wae").Description, Settings.Find("--lambda", "aae").Description);
        Assert.Equal(["categorical-aae"], Settings.FamiliesWith("--categories").ToArray());
        Assert.Empty(Settings.FamiliesWith("--epochs"));
        Assert.Throws<AaeException>(() => Settings.Find("--family").Apply(config, "no-such-family"));
    }

    [Fact]
    public void RunHelpShowsTheSharedOptionsAndOnlyThePresetsFamilys()
    {
        var (code, output, _) = RunAae("run", "mnist-gaussian", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--labels", output);
        Assert.Contains("--epochs", output);
        Assert.DoesNotContain("--categories", output);
        Assert.DoesNotContain("--style-per-class", output);

        (code, output, _) = RunAae("run", "mnist-semi-100", "--help");
        Assert.Contains("--categories", output);
        Assert.Contains("--semi-supervised-lr", output);
        Assert.DoesNotContain("--labels ", output);

        (code, output, _) = RunAae("run", "mnist-gaussian", "--family", "wae", "--help");
        Assert.Contains("MMD", output);
        Assert.DoesNotContain("--adaptive-lambda", output);
    }

    [Fact]
    public void AnotherFamilysOptionIsRefusedInOneLineNamingItsFamily()
    {
        var (code, _, error) = RunAae("run", "mnist-gaussian", "--categories", "16", "--out", Path.Combine(TestData.NewFolder("aae-foreign"), "run"));
        Assert.Equal(AaeCommandLine.UsageError, code);
        AssertOneLineError(error, "--categories", "categorical-aae", "aae");
    }

    [Fact]
    public void AStepsLossesKeepTheirNamesAndReadBackAsOne()
    {
        using var scope = NewDisposeScope();
        var losses = new StepLosses()
            .Add("a", "A", tensor(1.5f))
            .AddIfAny("skipped", "S", null)
            .Add(["b", "c"], ["B", "C"], tensor(new[] { 2f, 3f }));
        Assert.Equal(["a", "b", "c"], losses.Names);
        Assert.Equal(["A", "B", "C"], losses.Labels);
        Assert.Equal([1.5f, 2f, 3f], losses.Read());
        Assert.Throws<ArgumentException>(() => losses.Add(["d", "e"], ["D", "E"], tensor(1f)));
    }
}
