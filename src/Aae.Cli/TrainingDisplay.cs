using System.Globalization;
using Aae.Training;
using Spectre.Console;

namespace Aae.Cli;

/// <summary>
/// Shows training progress: a live bar per epoch on a terminal, one plain line per epoch when the
/// output is redirected (a log file, CI), where a bar would only add noise. The losses shown are
/// the ones the model family names, with its labels.
/// </summary>
sealed class TrainingDisplay(TextWriter output, bool interactive)
{
    public bool Run(Func<Action<StepProgress>, Action<EpochRecord>, bool> train)
    {
        if (!interactive)
            return train(_ => { }, record => output.WriteLine(Line(record)));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        bool finished = false;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                finished = train(step =>
                {
                    if (task is null || step.Step == 1)
                    {
                        task = context.AddTask($"epoch {step.Epoch}/{step.Epochs}", maxValue: step.Steps);
                    }
                    if (step.Step % 10 == 0 || step.Step == step.Steps)
                    {
                        task.Value = step.Step;
                        // The first two losses (reconstruction and the main regulariser) fit beside the bar.
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"epoch {step.Epoch}/{step.Epochs}  {Losses(step.Labels.Take(2).ToArray(), step.Losses)}  {step.ImagesPerSecond:F0} img/s"));
                    }
                }, record =>
                {
                    if (task is not null) task.Description = Markup.Escape(Line(record));
                });
            });
        return finished;
    }

    static string Line(EpochRecord r) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch,3}  {Losses(r.Labels ?? r.Names, r.Losses)}  {r.Seconds:F1}s");

    static string Losses(IReadOnlyList<string> labels, IReadOnlyList<double> values) =>
        string.Join("  ", labels.Select((label, i) => string.Create(CultureInfo.InvariantCulture, $"{label} {values[i]:F4}")));
}
