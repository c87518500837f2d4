using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// What a set-up with nothing to do skips (scripts/lib.sh, used by scripts/setup.sh): the answers of
/// <c>scripts/bindings.js</c>, remembered while nothing it reads changed (<c>ecolaura_bindings_memo</c>), and a passed
/// stale-extraction check, remembered while neither the feed package nor NuGet's recorded hash changed
/// (<c>ecolaura_extraction_checked</c>). The helpers run in a skeleton repository (the real lib.sh copied into a
/// temporary folder); the last test checks the real repository's remembered answer against bindings.js itself.
/// </summary>
[TestFixture]
public class SetupMemoTests
{
    /// <summary>Every file bindings.js's remembered answer depends on, relative to the repository root.</summary>
    private static readonly string[] BindingsInputs =
    [
        "scripts/bindings.js",
        "Directory.Packages.props",
        "package.json",
        "node_modules/.ecolaura-lock-key",
        "node_modules/.package-lock.json",
    ];

    private TempDirectory _repo = null!;

    [SetUp]
    public void MakeSkeleton()
    {
        _repo = TestTemp.Create("setup-memo");
        Directory.CreateDirectory(_repo.Combine("scripts"));
        Directory.CreateDirectory(_repo.Combine("node_modules"));
        File.Copy(Path.Combine(Repository.Root, "scripts", "lib.sh"), _repo.Combine("scripts", "lib.sh"));
        // lib.sh reads the target framework from Directory.Build.props when sourced.
        File.Copy(Path.Combine(Repository.Root, "Directory.Build.props"), _repo.Combine("Directory.Build.props"));
        foreach (var input in BindingsInputs)
        {
            File.WriteAllText(_repo.Combine(input), $"{input} v1\n");
        }
    }

    [TearDown]
    public void RemoveSkeleton() => _repo.Dispose();

    [Test]
    public void Nothing_is_remembered_at_first()
    {
        Assert.That(Memo(), Is.Null);
    }

    [Test]
    public void The_answer_remembered_for_the_current_inputs_comes_back()
    {
        Remember();
        Assert.That(Memo(), Is.EqualTo("abc123\nconstructs Constructs 10.4.2\ncdktf HashiCorp.Cdktf 0.21.0"));
    }

    [TestCaseSource(nameof(BindingsInputs))]
    public void A_changed_input_forgets_the_answer(string input)
    {
        Remember();
        File.AppendAllText(_repo.Combine(input), "changed\n");
        Assert.That(Memo(), Is.Null, $"{input} changed");
    }

    [Test]
    public void A_reinstalled_tree_of_the_same_size_forgets_the_answer()
    {
        Remember();
        var record = _repo.Combine("node_modules/.package-lock.json");
        File.SetLastWriteTimeUtc(record, File.GetLastWriteTimeUtc(record).AddSeconds(-5));
        Assert.That(Memo(), Is.Null, "npm ci rewrote node_modules/.package-lock.json (same size, other time)");
    }

    [Test]
    public void An_answer_remembered_for_other_inputs_is_not_used()
    {
        var stale = Bash(". scripts/lib.sh && key=\"$(ecolaura_bindings_inputs_key)\" && echo changed >> package.json && ecolaura_bindings_remember abc123 'x X 1' \"$key\"");
        Assert.That(stale.ExitCode, Is.Zero, stale.StandardError);
        Assert.That(Memo(), Is.Null, "package.json changed while bindings.js ran: the answer belongs to the old inputs");
    }

    [Test]
    public void A_missing_tree_record_is_part_of_the_key_not_an_error()
    {
        File.Delete(_repo.Combine("node_modules/.package-lock.json"));
        var result = Bash("set -euo pipefail; . scripts/lib.sh; ecolaura_bindings_inputs_key");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Remember();
        Assert.That(Memo(), Is.Not.Null, "remembered without node_modules/.package-lock.json");
    }

    [TestCase("add", TestName = "An_installed_package_added_forgets_the_answer")]
    [TestCase("edit", TestName = "An_installed_package_json_edited_by_hand_forgets_the_answer")]
    [TestCase("remove", TestName = "An_installed_package_removed_forgets_the_answer")]
    [TestCase("scoped", TestName = "A_scoped_package_edited_by_hand_forgets_the_answer")]
    public void The_installed_packages_are_part_of_the_key(string change)
    {
        Directory.CreateDirectory(_repo.Combine("node_modules", "constructs"));
        Directory.CreateDirectory(_repo.Combine("node_modules", "@cdktf", "provider-aws"));
        File.WriteAllText(_repo.Combine("node_modules", "constructs", "package.json"), """{ "version": "10.4.2" }""");
        File.WriteAllText(_repo.Combine("node_modules", "@cdktf", "provider-aws", "package.json"), """{ "version": "20.1.0" }""");
        Remember();
        Assert.That(Memo(), Is.Not.Null);

        switch (change)
        {
            case "add":
                Directory.CreateDirectory(_repo.Combine("node_modules", "cdktf"));
                File.WriteAllText(_repo.Combine("node_modules", "cdktf", "package.json"), """{ "version": "0.21.0" }""");
                break;
            case "edit":
                File.WriteAllText(_repo.Combine("node_modules", "constructs", "package.json"), """{ "version": "10.4.3" }""");
                File.SetLastWriteTimeUtc(_repo.Combine("node_modules", "constructs", "package.json"), DateTime.UtcNow.AddSeconds(2));
                break;
            case "remove":
                Directory.Delete(_repo.Combine("node_modules", "constructs"), recursive: true);
                break;
            default:
                File.WriteAllText(_repo.Combine("node_modules", "@cdktf", "provider-aws", "package.json"), """{ "version": "20.1.1" }""");
                File.SetLastWriteTimeUtc(_repo.Combine("node_modules", "@cdktf", "provider-aws", "package.json"), DateTime.UtcNow.AddSeconds(2));
                break;
        }

        Assert.That(Memo(), Is.Null, change);
    }

    [Test]
    public void The_key_does_not_depend_on_the_time_zone()
    {
        var utc = Bash("TZ=UTC; export TZ; . scripts/lib.sh && ecolaura_bindings_inputs_key");
        var berlin = Bash("TZ=Europe/Berlin; export TZ; . scripts/lib.sh && ecolaura_bindings_inputs_key");
        Assert.That(berlin.StandardOutput, Is.EqualTo(utc.StandardOutput).And.Not.Empty);
    }

    [Test]
    public void A_memo_that_cannot_be_written_is_no_failure()
    {
        Directory.Delete(_repo.Combine("node_modules"), recursive: true);
        File.WriteAllText(_repo.Combine("node_modules"), "a file where the folder should be");
        var bindings = Bash("set -euo pipefail; . scripts/lib.sh; ecolaura_bindings_remember abc 'x X 1' \"$(ecolaura_bindings_inputs_key)\"; echo done");
        Assert.That((bindings.ExitCode, bindings.StandardOutput.Trim()), Is.EqualTo((0, "done")), bindings.StandardError);

        var blocked = _repo.Combine("blocked");
        File.WriteAllText(blocked, "a file where the cache folder should be");
        var extraction = Bash($"set -euo pipefail; . scripts/lib.sh; ecolaura_extraction_remember '{blocked}/checked/x/y' '1 2 3 4 '; echo done");
        Assert.That((extraction.ExitCode, extraction.StandardOutput.Trim()), Is.EqualTo((0, "done")), extraction.StandardError);
    }

    [Test]
    public void A_passed_extraction_check_is_remembered_until_either_file_changes()
    {
        var (nupkg, recorded) = Extraction();
        var memo = Bash($". scripts/lib.sh && ecolaura_extraction_memos '{_repo.Combine("cache")}' /root/.nuget/packages").StandardOutput.Trim() + "/x.1.0.0";

        Assert.That(Checked(memo, nupkg, recorded), Is.False, "never checked");
        Remember(memo, State(nupkg, recorded));
        Assert.That(Checked(memo, nupkg, recorded), Is.True, "checked, nothing changed");

        File.WriteAllText(nupkg, "package v2");
        File.SetLastWriteTimeUtc(nupkg, File.GetLastWriteTimeUtc(nupkg).AddSeconds(2));
        Assert.That(Checked(memo, nupkg, recorded), Is.False, "the feed package was rebuilt (same size, other content and time)");

        Remember(memo, State(nupkg, recorded));
        File.SetLastWriteTimeUtc(recorded, File.GetLastWriteTimeUtc(recorded).AddSeconds(-5));
        Assert.That(Checked(memo, nupkg, recorded), Is.False, "NuGet extracted the package again");

        File.Delete(recorded);
        Assert.That(Checked(memo, nupkg, recorded), Is.False, "no extraction");
    }

    [Test]
    public void A_file_replaced_during_the_check_is_checked_again()
    {
        var (nupkg, recorded) = Extraction();
        var memo = _repo.Combine("cache", "checked", "k", "x.1.0.0");

        // setup.sh takes the state before it reads and hashes; another checkout re-extracts meanwhile.
        var before = State(nupkg, recorded);
        File.WriteAllText(recorded, "hash v2, another recipe");
        Remember(memo, before);

        Assert.That(Checked(memo, nupkg, recorded), Is.False, "the check passed for the file that was replaced, not for this one");
    }

    [Test]
    public void The_memo_folder_of_a_packages_folder_is_a_short_hash_of_its_path()
    {
        var deep = "/ci/" + string.Concat(Enumerable.Repeat("workspace-folder/", 20)) + "nuget";
        var memos = new[] { deep, "/a/b_c", "/a_b/c" }
            .Select(folder => Bash($". scripts/lib.sh && ecolaura_extraction_memos /cache '{folder}'").StandardOutput.Trim())
            .ToArray();
        Assert.That(memos, Has.All.Match("^/cache/checked/[0-9a-f]{16}$"));
        Assert.That(memos.Distinct().Count(), Is.EqualTo(3), "distinct folders, distinct memos");
    }

    [Test]
    public async Task The_repositorys_remembered_answer_is_what_bindings_js_says_now()
    {
        var setup = await CliWrap.Cli.Wrap("bash").WithArguments(["scripts/setup.sh"]).WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(setup.ExitCode, Is.Zero, setup.StandardError);

        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "node_modules", ".ecolaura-bindings"));
        var inputsKey = await Run("bash", ["-c", ". scripts/lib.sh && ecolaura_bindings_inputs_key"]);
        var key = await Run(Repository.Node, ["scripts/bindings.js", "key"]);
        var list = await Run(Repository.Node, ["scripts/bindings.js", "list"]);

        Assert.That(lines[0], Is.EqualTo(inputsKey.Trim()), "remembered for the current inputs");
        Assert.That(lines[1], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]), "the key setup.sh derives from `bindings.js key`");
        Assert.That(lines.Skip(2), Is.EqualTo(list.TrimEnd('\n').Split('\n')), "`bindings.js list`");
    }

    private string? Memo()
    {
        var result = Bash(". scripts/lib.sh && ecolaura_bindings_memo");
        return result.ExitCode == 0 ? result.StandardOutput.TrimEnd('\n') : null;
    }

    private void Remember()
    {
        var result = Bash(". scripts/lib.sh && ecolaura_bindings_remember abc123 $'constructs Constructs 10.4.2\\ncdktf HashiCorp.Cdktf 0.21.0' \"$(ecolaura_bindings_inputs_key)\"");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    /// <summary>A feed package and NuGet's recorded hash of its extraction, both written (version 1).</summary>
    private (string Nupkg, string Recorded) Extraction()
    {
        var nupkg = _repo.Combine("feed.nupkg");
        var recorded = _repo.Combine("extracted.nupkg.sha512");
        File.WriteAllText(nupkg, "package v1");
        File.WriteAllText(recorded, "hash v1");
        return (nupkg, recorded);
    }

    private string State(string nupkg, string recorded) =>
        Bash($". scripts/lib.sh && ecolaura_extraction_stat '{nupkg}' '{recorded}'").StandardOutput.TrimEnd('\n');

    private bool Checked(string memo, string nupkg, string recorded) =>
        Bash($". scripts/lib.sh && ecolaura_extraction_checked '{memo}' \"$(ecolaura_extraction_stat '{nupkg}' '{recorded}')\"").ExitCode == 0;

    private void Remember(string memo, string state)
    {
        var result = Bash($". scripts/lib.sh && ecolaura_extraction_remember '{memo}' '{state}'");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    private BufferedCommandResult Bash(string script) =>
        CliWrap.Cli.Wrap("bash").WithArguments(["-c", script]).WithWorkingDirectory(_repo.Path)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    private static async Task<string> Run(string file, string[] args)
    {
        var result = await CliWrap.Cli.Wrap(file).WithArguments(args).WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(result.ExitCode, Is.Zero, $"{file} {string.Join(' ', args)}: {result.StandardError}");
        return result.StandardOutput;
    }
}
