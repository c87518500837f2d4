namespace Ecolaura.Tf.Shared;

/// <summary>Well-known ports the security-group and NACL graph opens between tiers.</summary>
public static class ServicePorts
{
    /// <summary>HTTPS.</summary>
    public const int Https = 443;

    /// <summary>HTTP (outbound package mirrors only).</summary>
    public const int Http = 80;

    /// <summary>DNS (the VPC resolver).</summary>
    public const int Dns = 53;

    /// <summary>PostgreSQL (RDS).</summary>
    public const int Postgres = 5432;

    /// <summary>Redis (ElastiCache).</summary>
    public const int Redis = 6379;

    /// <summary>Kubelet API (control plane → nodes).</summary>
    public const int Kubelet = 10250;

    /// <summary>RDP: never reachable from the internet, so return-traffic ranges skip it.</summary>
    public const int Rdp = 3389;

    /// <summary>First ephemeral port Linux and AWS-managed endpoints answer from.</summary>
    public const int EphemeralFrom = 1024;

    /// <summary>Last port.</summary>
    public const int EphemeralTo = 65535;
}
