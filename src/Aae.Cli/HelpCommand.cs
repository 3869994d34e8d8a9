using System.CommandLine;
using System.Globalization;
using Aae.Config;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>`aae help`: the usual help, or with --markdown the whole reference (docs/reference.md).</summary>
    sealed partial class Commands
    {
        Command HelpCommand()
        {
            var markdown = new Option<bool>("--markdown") { Description = $"print every command, option and run setting as Markdown ({MarkdownReference.RegenerateCommand})" };
            var command = new Command("help", "show this help, or with --markdown the command and option reference") { markdown };
            command.SetAction(result =>
            {
                if (!result.GetValue(markdown)) return Root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
                output.Write(Reference());
                return 0;
            });
            return command;
        }

        /// <summary>
        /// The reference from a command tree built afresh in the invariant culture, so that it reads the same on every
        /// machine (System.CommandLine translates its own option descriptions) and shows the built-in defaults.
        /// </summary>
        static string Reference()
        {
            var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                var (defaults, source) = HelpDefaults.For([]);
                var commands = new Commands(TextWriter.Null, TextWriter.Null, interactive: false, (defaults, source), ownsProcess: false);
                return MarkdownReference.Write(commands.Root, Settings.Shared, defaults, source);
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
            }
        }
    }
}
