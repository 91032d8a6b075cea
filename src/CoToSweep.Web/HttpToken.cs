using System.Security.Cryptography;

namespace CoToSweep.Web;

/// <summary>
/// The bearer token of the HTTP API: given (<c>--http-token</c>), or read from <c>&lt;state&gt;/http-token</c>, which the
/// first start generates (32 random bytes, hex) with mode 0600 so that only its owner can read it.
/// </summary>
public static class HttpToken
{
    public const string FileName = "http-token";

    public static string PathIn(string stateDir) => Path.Combine(stateDir, FileName);

    public static string ReadOrCreate(string stateDir)
    {
        var path = PathIn(stateDir);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing) return existing;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, options)) file.WriteLine(token);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);   // an older file too
        return token;
    }

    /// <summary>Constant-time comparison, so the answer's timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given));
}
