using System.CommandLine;
using Aae.Data;
using Spectre.Console;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>`aae data fetch` and the on-demand download before a run.</summary>
    sealed partial class Commands
    {
        Command DataCommand()
        {
            var name = new Argument<string>("dataset") { Description = string.Join(", ", KnownDatasets.All.Select(d => d.Name)) };
            var fetch = new Command("fetch", "download a dataset's canonical files, checking their sha256") { name, dataDir };
            fetch.SetAction(result => Fetch(result.GetValue(name)!, DataDirectory.Resolve(result.GetValue(dataDir))));
            return new Command("data", "manage datasets") { fetch };
        }

        /// <summary>Downloads a dataset when its files are missing (run's on-demand fetch).</summary>
        /// <returns>False when the download was interrupted (the message is printed).</returns>
        bool EnsureData(string dataset, string dataDirectory)
        {
            if (KnownDatasets.Find(dataset) is null || MnistLike.FindFiles(dataDirectory, dataset) is not null) return true;
            output.WriteLine($"{Path.Combine(dataDirectory, dataset)}: files missing, downloading");
            return Fetch(dataset, dataDirectory) == 0;
        }

        int Fetch(string dataset, string dataDirectory)
        {
            if (KnownDatasets.Find(dataset) is null)
                throw new AaeException($"unknown dataset '{dataset}' (known: {string.Join(", ", KnownDatasets.All.Select(d => d.Name))})");
            using var interruption = new Interruption();
            try
            {
                return Fetch(dataset, dataDirectory, interruption.Token);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"aae: download of {dataset} interrupted; no partial file kept (run 'aae data fetch {dataset}' again)");
                return Interrupted;
            }
        }

        int Fetch(string dataset, string dataDirectory, CancellationToken cancellation)
        {
            DownloadResult result;
            if (interactive)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                DownloadResult? done = null;
                console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(),
                        new TransferSpeedColumn())
                    .Start(context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        var progress = new SynchronousProgress<DownloadProgress>(p =>
                        {
                            if (!tasks.TryGetValue(p.FileName, out var task))
                                tasks[p.FileName] = task = context.AddTask(p.FileName, maxValue: p.BytesTotal ?? 1);
                            if (p.BytesTotal is { } total) task.MaxValue = total;
                            task.Value = p.BytesDone;
                        });
                        done = Downloader.FetchAsync(dataset, dataDirectory, progress, cancellation).GetAwaiter().GetResult();
                    });
                result = done!;
            }
            else
            {
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    if (p.BytesDone == 0) output.WriteLine($"downloading {p.FileName}");
                });
                result = Downloader.FetchAsync(dataset, dataDirectory, progress, cancellation).GetAwaiter().GetResult();
            }
            foreach (var file in result.Downloaded) output.WriteLine($"downloaded {Path.Combine(result.Directory, file)} (sha256 ok)");
            foreach (var file in result.Skipped) output.WriteLine($"present    {Path.Combine(result.Directory, file)}");
            return 0;
        }
    }
}
