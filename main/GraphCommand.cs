using Ecolaura.Tf.Docs;

namespace Ecolaura.Tf.App;

/// <summary>
/// <c>graph --out REPO</c>: synthesizes the default configuration into a temporary folder and rewrites the generated
/// diagrams and tables of the repository at REPO (<c>docs/diagrams/*.mmd</c> and the generated blocks of
/// <c>README.md</c> and <c>docs/architecture.md</c>) from it.
/// </summary>
public static class GraphCommand
{
    /// <summary>Runs the command; returns 0, or the synth's exit code, or 1 when the diagrams cannot be derived or written.</summary>
    /// <param name="repoRoot">The repository root whose documents are rewritten.</param>
    /// <param name="stdout">Receives the list of files written.</param>
    /// <param name="stderr">Receives synth progress and errors.</param>
    public static int Run(string repoRoot, TextWriter stdout, TextWriter stderr)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"ecolaura-graph-{System.Environment.ProcessId}");
        try
        {
            ArchitectureDiagrams.RequireDocuments(repoRoot);
            var outdir = Path.Combine(temp, "cdktf.out");
            var code = Cli.Run(["synth", "--out", outdir], TextWriter.Null, stderr);
            if (code != 0)
            {
                return code;
            }

            var written = ArchitectureDiagrams.Write(ArchitectureDiagrams.Render(SynthesizedApp.Load(outdir)), repoRoot);
            foreach (var path in written)
            {
                stdout.WriteLine($"  wrote {path}");
            }

            return 0;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"graph: {e.Message}");
            return 1;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
