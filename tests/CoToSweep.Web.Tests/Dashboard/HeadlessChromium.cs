using Microsoft.Playwright;

namespace CoToSweep.Web.Tests.Dashboard;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, or <c>COTOSWEEP_CHROMIUM</c>) driven by Playwright. Playwright's own
/// browser download cannot work here, so it is never used: the browser must be installed (<c>.ci/run</c> installs
/// it), and a missing one fails the test with a message saying so instead of skipping it.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("COTOSWEEP_CHROMIUM") is { Length: > 0 } p ? p : DefaultPath;

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
            Assert.Fail($"chromium is not installed at {path}: the dashboard test drives Debian's chromium " +
                        "(apt-get install chromium, as .ci/run does; or set COTOSWEEP_CHROMIUM to another chromium binary)");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page of a fresh context (its own localStorage) whose script errors fail the test at the end.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => { lock (errors) errors.Add($"page error: {e}"); };
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add($"console error: {m.Text}"); };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
