namespace Aae.Config;

static class Check
{
    /// <summary>Throws the user-facing error <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    public static void That(bool ok, string message)
    {
        if (!ok) throw new AaeException(message);
    }
}
