using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CoToSweep.Web.Tests;

/// <summary>Reads a server-sent event stream in the background; tests wait for an event that matches.</summary>
public sealed class LiveEvents : IDisposable
{
    public sealed record Event(string Kind, JsonNode Data);

    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();
    private readonly CancellationTokenSource _stop = new();

    public LiveEvents(ApiServer server, string path) => _ = ReadAsync(server.Anonymous, path);

    private async Task ReadAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            string? kind = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null) await _events.Writer.WriteAsync(new Event(kind, JsonNode.Parse(line[6..])!));
            }
            _events.Writer.TryComplete();
        }
        catch (Exception e) { _events.Writer.TryComplete(e); }
    }

    public async Task<Event> UntilAsync(Func<Event, bool> match, string what, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await foreach (var e in _events.Reader.ReadAllAsync(timeout.Token))
                if (match(e)) return e;
        }
        catch (OperationCanceledException) { }
        throw new TimeoutException($"no {what} on the event stream within {seconds} s");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
