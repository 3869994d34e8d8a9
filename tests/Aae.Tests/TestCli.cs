using Aae.Cli;

namespace Aae.Tests;

/// <summary>Runs the `aae` command in process, as a user would, capturing its output.</summary>
static class TestCli
{
    public static (int Code, string Output, string Error) RunAae(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = AaeCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
