using System.Globalization;
using System.Net;

namespace Ecolaura.Tf.Shared;

/// <summary>An IPv4 CIDR block with the maths the network plan needs (containment, overlap, subdivision).</summary>
/// <remarks>Pure C#, no tokens: VPC and subnet ranges come from configuration, so they can be checked before synth.</remarks>
public readonly record struct Cidr
{
    private Cidr(uint network, int prefix)
    {
        Network = network;
        Prefix = prefix;
    }

    /// <summary>The first address as a 32-bit number.</summary>
    public uint Network { get; }

    /// <summary>The prefix length, 0–32.</summary>
    public int Prefix { get; }

    /// <summary>How many addresses the block holds.</summary>
    public ulong Size => 1UL << (32 - Prefix);

    /// <summary>The last address as a 32-bit number.</summary>
    public uint Last => (uint)(Network + Size - 1);

    /// <summary>Parses <c>a.b.c.d/n</c>; the address must be the block's first address (10.0.0.0/16, not 10.0.1.0/16).</summary>
    public static bool TryParse(string? text, out Cidr cidr, out string error)
    {
        cidr = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected an IPv4 CIDR such as 10.0.0.0/16";
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32
            || parts[0].Count(c => c == '.') != 3
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            error = $"'{text}' is not a valid IPv4 CIDR (a.b.c.d/0–32)";
            return false;
        }

        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        if ((value & ~mask) != 0)
        {
            var aligned = new Cidr(value & mask, prefix);
            error = $"'{text}' has host bits set; the block starts at {aligned}";
            return false;
        }

        cidr = new Cidr(value, prefix);
        return true;
    }

    /// <summary>The block starting at <paramref name="network"/> (which must be aligned) with <paramref name="prefix"/>.</summary>
    public static Cidr Of(uint network, int prefix)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)prefix, 32u, nameof(prefix));
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (network & ~mask) == 0
            ? new Cidr(network, prefix)
            : throw new ArgumentException($"{network:X8}/{prefix} is not aligned", nameof(network));
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);

    /// <summary>True when <paramref name="other"/> lies wholly inside this block.</summary>
    public bool Contains(Cidr other) => other.Prefix >= Prefix && other.Network >= Network && other.Last <= Last;

    /// <summary>True when the two blocks share at least one address.</summary>
    public bool Overlaps(Cidr other) => Network <= other.Last && other.Network <= Last;

    /// <summary>True for 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918).</summary>
    public bool IsPrivate
    {
        get
        {
            var self = this;
            return Rfc1918.Any(r => r.Contains(self));
        }
    }

    /// <summary>The <paramref name="index"/>-th block of length <paramref name="newPrefix"/> inside this one.</summary>
    public Cidr Subnet(int newPrefix, int index)
    {
        if (newPrefix < Prefix || newPrefix > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(newPrefix), $"/{newPrefix} does not fit in {this}");
        }

        var count = 1UL << (newPrefix - Prefix);
        if (index < 0 || (ulong)index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{this} holds {count} /{newPrefix} blocks, asked for #{index}");
        }

        return new Cidr((uint)(Network + (ulong)index * (1UL << (32 - newPrefix))), newPrefix);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Network >> 24}.{(Network >> 16) & 255}.{(Network >> 8) & 255}.{Network & 255}/{Prefix}";

    private static readonly Cidr[] Rfc1918 =
    [
        new(0x0A000000, 8),
        new(0xAC100000, 12),
        new(0xC0A80000, 16),
    ];
}
