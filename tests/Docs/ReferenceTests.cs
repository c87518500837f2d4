using System.Diagnostics;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Docs;

/// <summary>
/// Finds references that leave the repository in one text file: a path or document name the repository does not hold
/// (the shared folder beside it, its spec folder and documents), or a relative Markdown link that resolves outside the
/// repository or to nothing.
/// </summary>
public static partial class ReferenceScanner
{
    /// <summary>
    /// Texts that name something outside the repository. Built from parts so that this file does not match itself.
    /// </summary>
    public static readonly IReadOnlyList<string> Forbidden =
    [
        string.Concat("..", "/shared"),
        string.Concat("shared", "/spec"),
        string.Concat("SECURITY", "-RULES"),
        string.Concat("hosting-", "infrastructure.md"),
    ];

    /// <summary>Every problem of one file (path relative to <paramref name="root"/>), as <c>path:line: what</c>.</summary>
    public static IEnumerable<string> Scan(string root, string relativePath, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var bad in Forbidden.Where(f => lines[i].Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{relativePath}:{i + 1}: refers to '{bad}', which is outside the repository";
            }
        }

        if (!relativePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var targets = InlineLink().Matches(lines[i]).Select(m => m.Groups[1].Value)
                .Concat(ReferenceLink().Matches(lines[i]).Select(m => m.Groups[1].Value));
            foreach (var target in targets)
            {
                if (Problem(root, relativePath, target) is { } problem)
                {
                    yield return $"{relativePath}:{i + 1}: link '{target}' {problem}";
                }
            }
        }
    }

    /// <summary>Why a link target of <paramref name="relativePath"/> is wrong, or null for external URLs, anchors and existing files.</summary>
    public static string? Problem(string root, string relativePath, string target)
    {
        if (target.StartsWith('#') || ExternalScheme().IsMatch(target))
        {
            return null;
        }

        var path = Uri.UnescapeDataString(target.Split('#')[0].Split('?')[0]);
        if (path.StartsWith('/'))
        {
            return "is absolute; link to files of the repository relatively";
        }

        var fullRoot = Path.GetFullPath(root);
        var resolved = Path.GetFullPath(Path.Combine(fullRoot, Path.GetDirectoryName(relativePath) ?? "", path));
        if (resolved != fullRoot && !resolved.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "resolves outside the repository";
        }

        return File.Exists(resolved) || Directory.Exists(resolved) ? null : "points to a file that does not exist";
    }

    /// <summary>
    /// The files of the repository: tracked, plus new ones not yet added that Git does not ignore (<c>git ls-files</c>),
    /// without <c>node_modules</c>.
    /// </summary>
    public static IReadOnlyList<string> TrackedFiles(string root)
    {
        var info = new ProcessStartInfo("git", "ls-files -z --cached --others --exclude-standard")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var git = Process.Start(info) ?? throw new AssertionException("could not start git");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new AssertionException($"git ls-files failed in {root} ({git.ExitCode}): {error}");
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Split('/').Contains("node_modules")).ToArray();
    }

    /// <summary>True when the file holds a NUL byte in its first 8000 bytes (git's own binary test).</summary>
    public static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8000];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex ExternalScheme();
}

/// <summary>The repository stands alone: nothing tracked refers to a file or document outside it.</summary>
public class ReferenceTests
{
    [Test]
    public void No_tracked_text_file_refers_outside_the_repository()
    {
        var root = Repository.Root;
        var files = ReferenceScanner.TrackedFiles(root);
        Assert.That(files, Has.Member("README.md").And.Member("docs/RULES.md"), "git ls-files should list the repository");
        var problems = files
            .Where(f => File.Exists(Path.Combine(root, f)) && !ReferenceScanner.IsBinary(Path.Combine(root, f)))
            .SelectMany(f => ReferenceScanner.Scan(root, f, File.ReadAllText(Path.Combine(root, f))))
            .ToArray();
        Assert.That(problems, Is.Empty, "cite public sources or files inside the repository:\n" + string.Join("\n", problems));
    }

    // Split literals, so that this file does not refer outside the repository itself.
    [TestCase("See .." + "/shared" + "/spec/x.md for details.")]
    [TestCase("/// <summary>SECURITY" + "-RULES row 56.</summary>")]
    [TestCase("anchors: security" + "-rules 12")]
    [TestCase("the Hosting-" + "Infrastructure.md document")]
    public void A_reference_to_an_outside_document_is_found(string line)
    {
        var problems = ReferenceScanner.Scan(Repository.Root, "modules/Example.cs", $"first line\n{line}\n").ToArray();
        Assert.That(problems, Has.Length.GreaterThanOrEqualTo(1));
        Assert.That(problems[0], Does.StartWith("modules/Example.cs:2: refers to"));
    }

    [TestCase("[spec](../../outside.md)", "resolves outside the repository")]
    [TestCase("[gone](docs/no-such-file.md)", "points to a file that does not exist")]
    [TestCase("[abs](/etc/passwd)", "is absolute")]
    [TestCase("[ref]: ../../elsewhere/README.md", "resolves outside the repository")]
    public void A_markdown_link_that_leaves_the_repository_or_points_nowhere_is_found(string markdown, string expected)
    {
        var problems = ReferenceScanner.Scan(Repository.Root, "README.md", $"# Title\n\n{markdown}\n").ToArray();
        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("README.md:3: link").And.Contain(expected));
    }

    [TestCase("[arch](docs/architecture.md#workspaces)")]
    [TestCase("[site](https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)")]
    [TestCase("[top](#quick-start)")]
    [TestCase("[folder](docs/addresses/)")]
    [TestCase("```\n[not a link](../../x)\n```")]
    public void Links_inside_the_repository_and_public_urls_pass(string markdown)
    {
        Assert.That(ReferenceScanner.Scan(Repository.Root, "README.md", $"# Title\n\n{markdown}\n"), Is.Empty);
    }

    [Test]
    public void A_link_is_resolved_from_the_folder_of_its_file()
    {
        Assert.That(ReferenceScanner.Problem(Repository.Root, "docs/architecture.md", "requirements.md"), Is.Null);
        Assert.That(ReferenceScanner.Problem(Repository.Root, "docs/architecture.md", "../README.md#workspaces"), Is.Null);
        Assert.That(ReferenceScanner.Problem(Repository.Root, "README.md", "requirements.md"), Is.EqualTo("points to a file that does not exist"));
    }
}
