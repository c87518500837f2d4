using Ecolaura.Tf.App;
using Ecolaura.Tf.Docs;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Docs;

/// <summary><c>./ecolaura graph</c> end to end: a default synth, then every generated file and block rewritten.</summary>
public class GraphCommandTests
{
    [Test]
    public void Graph_rewrites_the_generated_files_and_blocks_and_leaves_the_rest()
    {
        var repo = Directory.CreateTempSubdirectory("ecolaura-graph-repo-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(repo, "docs", "diagrams"));
            File.WriteAllText(Path.Combine(repo, "docs", "diagrams", "retired.mmd"), "flowchart LR\n  a\n");
            foreach (var (document, blocks) in ArchitectureDiagrams.Documents)
            {
                var text = "# Kept title\n\n" + string.Concat(blocks.Select(b => $"{ArchitectureDiagrams.BeginMarker(b)}\nstale\n{ArchitectureDiagrams.EndMarker(b)}\n\nkept text\n"));
                File.WriteAllText(Path.Combine(repo, document), text);
            }

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = GraphCommand.Run(repo, stdout, stderr);

            Assert.That(code, Is.Zero, stderr.ToString());
            var expected = ArchitectureDiagrams.Render(SynthesizedApp.Load(Synthesized.Directory));
            Assert.That(ArchitectureDiagrams.Differences(expected, repo), Is.Empty, "the command writes what the test of the committed files expects");
            Assert.That(File.Exists(Path.Combine(repo, "docs", "diagrams", "retired.mmd")), Is.False, "a diagram no longer generated is removed");
            Assert.That(File.ReadAllText(Path.Combine(repo, "README.md")), Does.StartWith("# Kept title\n\n").And.Contain("kept text").And.Not.Contain("stale"));
            Assert.That(stdout.ToString(), Does.Contain("wrote docs/diagrams/topology-prod.mmd").And.Contain("wrote README.md"));
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    [Test]
    public void Graph_fails_with_the_missing_marker_and_writes_nothing()
    {
        var repo = Directory.CreateTempSubdirectory("ecolaura-graph-repo-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(repo, "docs"));
            File.WriteAllText(Path.Combine(repo, "README.md"), "# No markers\n");
            File.WriteAllText(Path.Combine(repo, "docs", "architecture.md"), "# No markers\n");
            var stderr = new StringWriter();

            var code = GraphCommand.Run(repo, TextWriter.Null, stderr);

            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr.ToString(), Does.Contain("graph: README.md must hold the generated block 'workspaces' once"));
            Assert.That(Directory.Exists(Path.Combine(repo, "docs", "diagrams")), Is.False, "nothing is written when a document cannot be updated");
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }
}
