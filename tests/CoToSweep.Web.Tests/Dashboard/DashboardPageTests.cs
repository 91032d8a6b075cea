using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoToSweep.Web.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless chromium against a real <c>cotosweep run --http</c>: a trial finishes while the
/// page is open and its row changes without a reload; the leaderboard sorts by a header click; a trial's curve opens;
/// the sweep is paused and resumed with the page's buttons.
/// The test decides when the trial finishes (it creates the file the trial waits for), so nothing waits on a clock.
/// </summary>
public sealed class DashboardPageTests : IDisposable
{
    // x = 1 and 2 finish at once; x = 3 waits for gate-3 (created by the test); x = 4 waits for a gate that never
    // comes, so the sweep (and its server) keeps running until the test ends it.
    private const string SweepFile = """
        name: dash
        trial:
          kind: command
          command: [sh, -c, "echo 'cotosweep {\"step\": 1, \"val\": {x}, \"loss\": 2}'; [ {x} -lt 3 ] || while [ ! -f gate-{x} ]; do sleep 0.05; done; echo 'cotosweep {\"step\": 2, \"val\": {x}, \"loss\": 1}'"]
        objective: { metric: val, direction: maximize }
        search:
          seeds: [0]
          space:
            x: [1, 2, 3, 4]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("cotosweep-dash-").FullName;

    [Fact]
    public async Task A_trial_finishes_live_the_leaderboard_sorts_and_a_curve_opens()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();   // first: a missing browser fails at once
        File.WriteAllText(Path.Combine(_dir, "dash.yaml"), SweepFile);
        var state = Path.Combine(_dir, "state");
        Directory.CreateDirectory(state);
        using var server = await ApiServer.StartAsync(_dir, state, "run", "dash.yaml", "--workers", "4", "--no-live");

        var errors = new List<string>();
        var page = await chromium.NewPageAsync(errors);
        try
        {
            await WalkThrough(page, server);
        }
        catch
        {
            // What the page showed when it failed, beside the test's output.
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-failed.png"), FullPage = true });
            throw;
        }
        var shot = Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is empty");
        lock (errors) Assert.Empty(errors);
    }

    private async Task WalkThrough(IPage page, ApiServer server)
    {
        await page.GotoAsync($"{server.Url}#token={Uri.EscapeDataString(server.Token)}");

        // The token moved to localStorage and left the address bar.
        await Expect(page).Not.ToHaveURLAsync(new Regex("token="));
        Assert.Equal(server.Token, await page.EvaluateAsync<string>("localStorage.getItem('cotosweep.token')"));

        var status = (string trial) => page.Locator($"#trials tr[data-key='{trial}'] td:nth-child(2)");
        await Expect(status("t0002-s0")).ToHaveTextAsync("running", new() { Timeout = 30_000 });
        await Expect(status("t0000-s0")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live");

        // Finish t0002 and watch its row change in the same document (a reload would lose the marker).
        await page.EvaluateAsync("window.__sameDocument = true");
        File.WriteAllText(Path.Combine(_dir, "gate-3"), "");
        await Expect(status("t0002-s0")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");

        // The trials leaderboard, ranked by val (t0003 still running: unranked, with its latest val), sorted by clicks.
        var board = page.Locator("#board-panel");
        await page.WaitForFunctionAsync($"({ColumnScript})('status').filter(v => v === 'completed').length === 3", null, new() { Timeout = 30_000 });
        Assert.Equal(["t0002-s0", "t0001-s0", "t0000-s0", "t0003-s0"], await BoardColumn(page, "trial"));
        var sortByVal = board.Locator("th button[title='Sort by val']");
        await sortByVal.ClickAsync();
        await Expect(board.Locator("th[aria-sort='ascending']")).ToHaveCountAsync(1);
        Assert.Equal(["1", "2", "3", "4"], await BoardColumn(page, "val"));
        await sortByVal.ClickAsync();
        await Expect(board.Locator("th[aria-sort='descending']")).ToHaveCountAsync(1);
        Assert.Equal(["t0003-s0", "t0002-s0", "t0001-s0", "t0000-s0"], await BoardColumn(page, "trial"));
        // Empty cells (the running trial has no wall_seconds yet) stay last in both directions.
        var sortBySeconds = board.Locator("th button[title='Sort by wall_seconds']");
        await sortBySeconds.ClickAsync();
        Assert.Equal("t0003-s0", (await BoardColumn(page, "trial"))[^1]);
        await sortBySeconds.ClickAsync();
        var bySecondsDescending = await BoardColumn(page, "trial");
        Assert.Equal("t0002-s0", bySecondsDescending[0]);   // the trial that waited for its gate
        Assert.Equal("t0003-s0", bySecondsDescending[^1]);

        // A trial's learning curve: one chart per metric it reported, val first (the objective).
        await page.Locator("#trials tr[data-key='t0002-s0']").ClickAsync();
        await Expect(page.Locator("#curve figcaption").First).ToHaveTextAsync("val");
        await Expect(page.Locator("#curve svg.chart")).ToHaveCountAsync(2);
        await Expect(page.Locator("#curve svg.chart circle").First).ToBeVisibleAsync();

        // The cluster view lists the local slots, one of them running t0003.
        await Expect(page.Locator("#cluster-body")).ToContainTextAsync("t0003-s0");

        // Pause and resume with the page's buttons (POSTs with the token it keeps); the state comes back live.
        var sweepRow = page.Locator("#sweeps tbody tr").First;
        await sweepRow.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(sweepRow.Locator(".badge")).ToHaveTextAsync("paused");
        await sweepRow.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(sweepRow.Locator(".badge")).ToHaveTextAsync("running");
        await Expect(sweepRow.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
    }

    /// <summary>A script function: the text of one column of the leaderboard as shown, top to bottom.</summary>
    private const string ColumnScript = """
        column => {
          const panel = document.getElementById('board-panel');
          const names = [...panel.querySelectorAll('thead th')].map(th => th.textContent.replace(/[▲▼]/g, '').trim());
          const i = names.indexOf(column);
          return [...panel.querySelectorAll('tbody tr[data-key]')].map(tr => i < 0 ? null : tr.children[i].textContent);
        }
        """;

    private static Task<string[]> BoardColumn(IPage page, string column) => page.EvaluateAsync<string[]>(ColumnScript, column);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
