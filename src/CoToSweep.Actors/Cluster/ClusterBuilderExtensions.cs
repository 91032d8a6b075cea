using System.Security.Cryptography.X509Certificates;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using DotNetty.Common;

namespace CoToSweep.Actors.Cluster;

public static class ClusterBuilderExtensions
{
    /// <summary>
    /// Remoting (optionally TLS with a pinned certificate and mutual authentication, so that a process without the
    /// certificate never completes a handshake) and Akka.Cluster with the keep-majority split-brain resolver.
    /// </summary>
    public static AkkaConfigurationBuilder AddCoToSweepCluster(this AkkaConfigurationBuilder builder, ClusterNodeSettings node)
    {
        // DotNetty's leak detector records the stack of one buffer in 128, for a warning about a bug in DotNetty itself:
        // 1-2% of a cluster coordinator's CPU (profiled on bench cluster) for nothing a user can act on.
        ResourceLeakDetector.Level = ResourceLeakDetector.DetectionLevel.Disabled;
        var remote = new RemoteOptions { HostName = node.Bind ?? node.Host, Port = node.Port, PublicHostName = node.Host };
        if (node.Tls is { } tls)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password);
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,
                // A self-signed cluster certificate has no chain to validate: pin it instead.
                SuppressValidation = false,
                CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
            };
        }
        return builder
            .WithRemoting(remote)
            .WithClustering(new ClusterOptions
            {
                Roles = node.Roles.ToArray(),
                SeedNodes = node.Seeds.Select(node.SeedAddress).ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .AddHocon($"""
                akka.cluster.split-brain-resolver.stable-after = {node.StableAfter.TotalMilliseconds:F0}ms
                akka.cluster.down-removal-margin = {node.StableAfter.TotalMilliseconds:F0}ms
                akka.remote.dot-netty.tcp.maximum-frame-size = 4MiB
                akka.remote.dot-netty.tcp.send-buffer-size = 4MiB
                akka.remote.dot-netty.tcp.receive-buffer-size = 4MiB
                """, HoconAddMode.Prepend);
    }
}
