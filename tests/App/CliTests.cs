using Ecolaura.Tf.App;

namespace Ecolaura.Tf.Tests.App;

/// <summary>The command line: bad input fails before any JSON is written and leaves no cdktf.out behind.</summary>
public class CliTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"ecolaura-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Outdir => Path.Combine(_dir, "cdktf.out");

    [Test]
    public void Bad_config_exits_non_zero_naming_every_field_and_writes_nothing()
    {
        // A stale output from an earlier run must not survive either: nobody may plan it by mistake.
        Directory.CreateDirectory(Path.Combine(Outdir, "stacks", "prod-network"));
        var config = Path.Combine(_dir, "bad.json");
        File.WriteAllText(config, """
            { "environments": { "prod": { "network": { "vpcCidr": "10.0.0.0/33", "availabilityZones": ["us-east-1a"] } } } }
            """);

        var (code, _, err) = Run("synth", "--config", config, "--out", Outdir);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("environments.prod.network.vpcCidr: must be a valid IPv4 CIDR"));
        Assert.That(err, Does.Contain("environments.prod.network.availabilityZones: need at least 3 distinct AZs in us-east-1, got [us-east-1a]"));
        Assert.That(Directory.Exists(Outdir), Is.False);
        Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "bad.json" }), "no staging folder left either");
    }

    [Test]
    public void Unknown_environment_exits_non_zero_with_the_allowed_values()
    {
        var (code, _, err) = Run("synth", "--env", "prd", "--out", Outdir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--env: must be one of [dev, staging, prod], got 'prd'"));
        Assert.That(Directory.Exists(Outdir), Is.False);
    }

    [Test]
    public void Missing_config_file_is_reported()
    {
        var (code, _, err) = Run("synth", "--config", Path.Combine(_dir, "nope.json"), "--out", Outdir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--config: must name an existing JSON file"));
    }

    [TestCase("deploy")]
    [TestCase("synth", "--bogus")]
    public void Usage_errors_exit_2(params string[] args) => Assert.That(Run(args).Code, Is.EqualTo(2));

    [Test]
    public void A_new_synth_keeps_each_workspaces_terraform_folder()
    {
        Assert.That(Run("synth", "--env", "dev", "--out", Outdir).Code, Is.Zero);
        var stack = Path.Combine(Outdir, "stacks", "dev-network");
        Directory.CreateDirectory(Path.Combine(stack, ".terraform", "providers"));
        File.WriteAllText(Path.Combine(stack, ".terraform.lock.hcl"), "# lock");
        File.WriteAllText(Path.Combine(stack, "stale.txt"), "from an older synth");

        Assert.That(Run("synth", "--env", "dev", "--out", Outdir).Code, Is.Zero);

        Assert.That(Directory.Exists(Path.Combine(stack, ".terraform", "providers")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(stack, ".terraform.lock.hcl")), Is.EqualTo("# lock"));
        Assert.That(File.Exists(Path.Combine(stack, "stale.txt")), Is.False, "everything else is replaced");
    }

    [Test]
    public void One_environment_synthesizes_only_its_workspaces()
    {
        var (code, stdout, err) = Run("synth", "--env", "dev", "--out", Outdir);
        Assert.That(code, Is.Zero, err);
        Assert.That(Directory.GetDirectories(Path.Combine(Outdir, "stacks")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "dev-compute", "dev-foundation", "dev-network" }));
        Assert.That(stdout, Does.Contain("dev-network"));
        Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "cdktf.out" }), "staging folder swapped in");
    }
}
