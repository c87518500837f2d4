
namespace Ecolaura.Tf.Tests.Shared;

public class CidrTests
{
    [TestCase("10.0.0.0/16", 0x0A000000u, 16)]
    [TestCase("192.168.4.0/22", 0xC0A80400u, 22)]
    [TestCase("0.0.0.0/0", 0u, 0)]
    public void Parses_valid_blocks(string text, uint network, int prefix)
    {
        var cidr = Cidr.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(cidr.Network, Is.EqualTo(network));
            Assert.That(cidr.Prefix, Is.EqualTo(prefix));
            Assert.That(cidr.ToString(), Is.EqualTo(text));
        });
    }

    [TestCase("10.0.0.0/33", "not a valid IPv4 CIDR")]
    [TestCase("10.0.0/16", "not a valid IPv4 CIDR")]
    [TestCase("10.0.1.0/16", "host bits set; the block starts at 10.0.0.0/16")]
    [TestCase("fe80::/64", "not a valid IPv4 CIDR")]
    [TestCase("", "is empty")]
    public void Rejects_invalid_blocks(string text, string message)
    {
        Assert.That(Cidr.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(message));
    }

    [TestCase("10.0.1.0/24", "10.0.1.0/25", true)]
    [TestCase("10.0.1.0/24", "10.0.2.0/24", false)]
    [TestCase("10.0.0.0/8", "10.255.255.255/32", true)]
    [TestCase("10.0.0.0/16", "10.1.0.0/16", false)]
    public void Detects_overlap(string a, string b, bool overlaps)
    {
        Assert.That(Cidr.Parse(a).Overlaps(Cidr.Parse(b)), Is.EqualTo(overlaps));
        Assert.That(Cidr.Parse(b).Overlaps(Cidr.Parse(a)), Is.EqualTo(overlaps));
    }

    [TestCase("10.0.0.0/16", "10.0.255.0/24", true)]
    [TestCase("10.0.0.0/16", "192.168.0.0/24", false)]
    [TestCase("10.0.1.0/24", "10.0.0.0/16", false)]
    public void Checks_containment(string outer, string inner, bool contains) =>
        Assert.That(Cidr.Parse(outer).Contains(Cidr.Parse(inner)), Is.EqualTo(contains));

    [TestCase("10.0.0.0/8", true)]
    [TestCase("172.16.0.0/12", true)]
    [TestCase("172.32.0.0/16", false)]
    [TestCase("192.168.10.0/24", true)]
    [TestCase("8.8.0.0/16", false)]
    public void Knows_rfc1918(string text, bool isPrivate) => Assert.That(Cidr.Parse(text).IsPrivate, Is.EqualTo(isPrivate));

    [TestCase("10.10.0.0/16", 20, 0, "10.10.0.0/20")]
    [TestCase("10.10.0.0/16", 20, 3, "10.10.48.0/20")]
    [TestCase("10.10.0.0/16", 24, 255, "10.10.255.0/24")]
    public void Subdivides(string parent, int prefix, int index, string expected) =>
        Assert.That(Cidr.Parse(parent).Subnet(prefix, index).ToString(), Is.EqualTo(expected));

    [Test]
    public void Subdividing_past_the_end_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Cidr.Parse("10.0.0.0/16").Subnet(17, 2));
}
