using System.Net;

namespace CoToSweep.Web;

/// <summary>Where the HTTP API listens: <c>--http HOST:PORT</c>, 127.0.0.1 when the host is left out (<c>:8080</c>); port 0 picks a free one.</summary>
public sealed record HttpBinding(string Host, int Port)
{
    public const string DefaultHost = "127.0.0.1";

    /// <summary>Reads <c>HOST:PORT</c>, <c>:PORT</c> or <c>[v6]:PORT</c>; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static HttpBinding Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0) throw new FormatException($"'{text}' is not HOST:PORT (e.g. 127.0.0.1:8080 or :8080)");
        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new FormatException($"'{text}': the port must be a number from 0 to 65535");
        if (host.Length == 0) host = DefaultHost;
        if (host != "localhost" && host != "*" && !IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new FormatException($"'{text}': '{host}' is not a host name or address");
        return new HttpBinding(host, port);
    }

    /// <summary>The address Kestrel binds: all interfaces for <c>*</c> or <c>0.0.0.0</c>, else the one given.</summary>
    public IPAddress Address => Host switch
    {
        "*" or "0.0.0.0" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(Host, out var a) => a,
        _ => Dns.GetHostAddresses(Host).First(),
    };
}
