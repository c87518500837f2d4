using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// The GitHub Actions workflows of the delivery pipeline, generated from the stack graph (<see cref="StackGraph"/>), so a
/// new workspace or environment gets its jobs by itself (<c>./ecolaura ci</c> writes them into <c>.github/workflows/</c>):
/// <list type="bullet">
/// <item><c>terraform-plan.yml</c> (pull requests): synth; offline plans of the stacks the pull request changes
/// (<c>./ecolaura plan --offline --changed-since</c> the base commit, full history checked out) and the review golden
/// tests; one real plan job per stack that <c>needs</c> the plan jobs of the stacks it reads and runs only when the
/// change selects its stack (every stack when there is no selection); then one sticky review comment, listing the
/// others as unchanged.</item>
/// <item><c>terraform-apply.yml</c> (push to main): one apply job per stack in dependency order, each in a GitHub
/// environment named after the stack (protection rules and reviewers are set there), plan then apply of that plan.</item>
/// <item><c>terraform-drift.yml</c> (nightly and on demand): <c>plan -detailed-exitcode</c> of every stack; a summary per
/// environment to its non-critical alert topic when anything drifted.</item>
/// </list>
/// AWS access is OpenID Connect role assumption only (<c>aws-actions/configure-aws-credentials</c>, <c>id-token: write</c>),
/// never long-lived keys: the role ARNs are repository or environment variables named by <see cref="RoleVariable"/>, the
/// secret inputs are secrets named by <see cref="SecretName"/>. Actions are pinned by major version. The built bindings
/// (<c>~/.cache/ecolaura-tf</c>) are cached keyed by the lock files, so only the first run pays the cold set-up.
/// </summary>
/// <remarks>
/// Sources, checked 2026-12-01: OIDC in AWS, https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services;
/// workflow syntax (jobs.&lt;id&gt;.needs, environment, concurrency), https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions.
/// </remarks>
public static class CiWorkflows
{
    /// <summary>The folder the workflows are written to, relative to the repository root.</summary>
    public static readonly string Folder = Path.Combine(".github", "workflows");

    /// <summary>The plan workflow's file name.</summary>
    public const string PlanFile = "terraform-plan.yml";

    /// <summary>The apply workflow's file name.</summary>
    public const string ApplyFile = "terraform-apply.yml";

    /// <summary>The drift workflow's file name.</summary>
    public const string DriftFile = "terraform-drift.yml";

    /// <summary>The actions used, pinned by major version.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        ["checkout"] = "actions/checkout@v4",
        ["dotnet"] = "actions/setup-dotnet@v4",
        ["node"] = "actions/setup-node@v4",
        ["terraform"] = "hashicorp/setup-terraform@v3",
        ["cache"] = "actions/cache@v4",
        ["upload"] = "actions/upload-artifact@v4",
        ["download"] = "actions/download-artifact@v4",
        ["aws"] = "aws-actions/configure-aws-credentials@v4",
        ["script"] = "actions/github-script@v7",
    };

    /// <summary>The job id of a stack's job in a workflow: <c>&lt;prefix&gt;-&lt;stack id&gt;</c>, e.g. <c>plan-prod-network</c>.</summary>
    public static string JobId(string prefix, string stackId) => $"{prefix}-{stackId}";

    /// <summary>
    /// The variable holding the role ARN a workflow assumes in an environment's account:
    /// <c>ECOLAURA_&lt;PLAN|APPLY&gt;_ROLE_&lt;ENV&gt;</c>, the environment upper-cased with '-' as '_'.
    /// </summary>
    public static string RoleVariable(string purpose, string environment) =>
        $"ECOLAURA_{purpose.ToUpperInvariant()}_ROLE_{environment.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>The secret holding a sensitive Terraform input: its name upper-cased (<c>db_master_password</c> → <c>DB_MASTER_PASSWORD</c>).</summary>
    public static string SecretName(string variable) => variable.ToUpperInvariant();

    /// <summary>The three workflows for <paramref name="graph"/>, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Render(StackGraph graph) => new Dictionary<string, string>
    {
        [PlanFile] = PlanWorkflow(graph),
        [ApplyFile] = ApplyWorkflow(graph),
        [DriftFile] = DriftWorkflow(graph),
    };

    /// <summary>Writes the workflows into <paramref name="repositoryRoot"/>/.github/workflows; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(StackGraph graph, string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, Folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (name, text) in Render(graph))
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }

    private const string Header = "# Generated by ./ecolaura ci from the stack graph (cdktf.out/manifest.json); do not edit: change the generator\n# (main/Delivery/CiWorkflows.cs) and run ./ecolaura ci.\n";

    private static string PlanWorkflow(StackGraph graph)
    {
        var y = new StringBuilder(Header);
        y.Append("""
name: terraform-plan
on:
  pull_request:
permissions:
  contents: read
concurrency:
  group: terraform-plan-${{ github.event.pull_request.number }}
  cancel-in-progress: true
env:
  CHECKPOINT_DISABLE: "1"
  TF_IN_AUTOMATION: "1"
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:

""");
        Setup(y);
        y.Append("""
      - run: ./ecolaura synth
      - uses: {upload}
        with:
          name: cdktf-out
          path: cdktf.out
          include-hidden-files: true
  offline:
    needs: [synth]
    runs-on: ubuntu-latest
    outputs:
      stacks: ${{ steps.selection.outputs.stacks }}
    steps:

""".Replace("{upload}", Actions["upload"]));
        Setup(y, fullHistory: true);
        Download(y);
        y.Append($$$"""
      - name: the base commit's synth, kept for the next push to this pull request (the key names its commit, so its tree)
        uses: {{{Actions["cache"]}}}
        with:
          path: ~/.cache/ecolaura-tf/base-synth
          key: ecolaura-base-synth-${{ github.event.pull_request.base.sha }}
      - name: a provider mirror of every provider the stacks require (from the registry)
        run: for stack in cdktf.out/stacks/*/; do terraform -chdir="$stack" providers mirror -platform=linux_amd64 "$RUNNER_TEMP/tf-mirror"; done
      - name: offline plans of the stacks the pull request changes (and their consumers, with the planned upstream values)
        run: ./ecolaura plan --offline --changed-since "$BASE_SHA" --out offline-plans || test $? -eq 2
        env:
          BASE_SHA: ${{ github.event.pull_request.base.sha }}
          ECOLAURA_TF_PLUGIN_DIR: ${{ runner.temp }}/tf-mirror
      - name: the selection for the real plans (without a run.json, every stack)
        id: selection
        if: always()
        run: |
          mkdir -p unchanged
          if [ -f offline-plans/run.json ]; then
            echo "stacks=$(jq -c '[.stacks[] | select(.status != "Unchanged") | .id]' offline-plans/run.json)" >> "$GITHUB_OUTPUT"
            jq '{offline: false, stacks: [.stacks[] | select(.status == "Unchanged")]}' offline-plans/run.json > unchanged/run.json
          else
            echo 'stacks=["all"]' >> "$GITHUB_OUTPUT"
            echo '{"offline": false, "stacks": []}' > unchanged/run.json
          fi
      - uses: {{{Actions["upload"]}}}
        if: always()
        with:
          name: plan-unchanged
          path: unchanged
      - name: review golden tests
        run: ./ecolaura test --filter "FullyQualifiedName~Delivery"

""");
        foreach (var id in graph.InDependencyOrder)
        {
            StackJob(y, graph, id, "plan", "plan", environment: null, afterSelection: true);
            y.Append($$$"""
      - run: ./ecolaura plan --env {{{StackGraph.EnvironmentOf(id)}}} --workspace {{{StackGraph.WorkspaceOf(id)}}} --out plans/{{{id}}} || test $? -eq 2
      - uses: {{{Actions["upload"]}}}
        with:
          name: plan-{{{id}}}
          path: plans/{{{id}}}

""");
        }

        y.Append($$$"""
  review:
    needs: [offline, {{{string.Join(", ", graph.InDependencyOrder.Select(id => JobId("plan", id)))}}}]
    if: always()
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:

""");
        Setup(y);
        y.Append($$$"""
      - uses: {{{Actions["download"]}}}
        with:
          pattern: plan-*
          path: plans
      - run: ./ecolaura review plans/* > review.md
      - uses: {{{Actions["script"]}}}
        with:
          script: |
            const fs = require('fs');
            const body = fs.readFileSync('review.md', 'utf8');
            const marker = '{{{ReviewComment.Marker}}}';
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
            const sticky = comments.find(c => c.body && c.body.startsWith(marker));
            if (sticky) {
              await github.rest.issues.updateComment({ owner, repo, comment_id: sticky.id, body });
            } else {
              await github.rest.issues.createComment({ owner, repo, issue_number, body });
            }

""");
        return y.ToString();
    }

    /// <summary>
    /// The <c>jobs:</c> key and the synth job the apply and drift workflows start with: set-up,
    /// <c>./ecolaura synth</c>, and the output uploaded as the <c>cdktf-out</c> artifact the stack jobs download.
    /// </summary>
    private static void SynthJob(StringBuilder y)
    {
        y.Append("""
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:

""");
        Setup(y);
        y.Append($$$"""
      - run: ./ecolaura synth
      - uses: {{{Actions["upload"]}}}
        with:
          name: cdktf-out
          path: cdktf.out
          include-hidden-files: true

""");
    }

    private static string ApplyWorkflow(StackGraph graph)
    {
        var y = new StringBuilder(Header);
        y.Append("""
name: terraform-apply
on:
  push:
    branches: [main]
permissions:
  contents: read
concurrency:
  group: terraform-apply
  cancel-in-progress: false
env:
  CHECKPOINT_DISABLE: "1"
  TF_IN_AUTOMATION: "1"

""");
        SynthJob(y);
        foreach (var id in graph.InDependencyOrder)
        {
            StackJob(y, graph, id, "apply", "apply", environment: id);
            y.Append($$$"""
      - run: ./ecolaura plan --env {{{StackGraph.EnvironmentOf(id)}}} --workspace {{{StackGraph.WorkspaceOf(id)}}} --out plans || test $? -eq 2
      - run: terraform -chdir=cdktf.out/stacks/{{{id}}} apply -input=false -no-color "$GITHUB_WORKSPACE/plans/{{{id}}}/{{{PlanRunner.SavedPlanFile}}}"

""");
        }

        return y.ToString();
    }

    private static string DriftWorkflow(StackGraph graph)
    {
        var y = new StringBuilder(Header);
        y.Append("""
name: terraform-drift
on:
  schedule:
    - cron: "17 3 * * *"
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: terraform-drift
  cancel-in-progress: false
env:
  CHECKPOINT_DISABLE: "1"
  TF_IN_AUTOMATION: "1"

""");
        SynthJob(y);
        foreach (var id in graph.InDependencyOrder)
        {
            StackJob(y, graph, id, "drift", "plan", environment: null, outputs: true);
            y.Append($$$"""
      - id: plan
        run: |
          code=0
          ./ecolaura plan --env {{{StackGraph.EnvironmentOf(id)}}} --workspace {{{StackGraph.WorkspaceOf(id)}}} --out plans || code=$?
          echo "exit-code=$code" >> "$GITHUB_OUTPUT"
          test "$code" -ne 1

""");
        }

        foreach (var environment in graph.Environments)
        {
            var stacks = graph.InDependencyOrder.Where(id => StackGraph.EnvironmentOf(id) == environment).ToArray();
            y.Append($$$"""
  notify-{{{environment}}}:
    needs: [{{{string.Join(", ", stacks.Select(id => JobId("drift", id)))}}}]
    if: always()
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - id: summary
        run: |
          drifted=""

""");
            foreach (var id in stacks)
            {
                y.Append($"          if [ \"${{{{ needs.{JobId("drift", id)}.outputs.exit-code }}}}\" = \"2\" ]; then drifted=\"$drifted {id}\"; fi\n");
            }

            y.Append($$$"""
          echo "drifted=$drifted" >> "$GITHUB_OUTPUT"
      - if: steps.summary.outputs.drifted != ''
        uses: {{{Actions["aws"]}}}
        with:
          role-to-assume: ${{ vars.{{{RoleVariable("plan", environment)}}} }}
          aws-region: ${{ vars.ECOLAURA_REGION_{{{environment.ToUpperInvariant().Replace('-', '_')}}} }}
      - if: steps.summary.outputs.drifted != ''
        run: >-
          aws sns publish --topic-arn "${{ vars.ECOLAURA_NONCRITICAL_TOPIC_{{{environment.ToUpperInvariant().Replace('-', '_')}}} }}"
          --subject "Terraform drift in {{{environment}}}"
          --message "Nightly plan found changes in:${{ steps.summary.outputs.drifted }} (run $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)"

""");
        }

        return y.ToString();
    }

    /// <summary>A stack's job header: needs synth and the same-kind jobs of the stacks it reads; OIDC credentials; the synth output.</summary>
    private static void StackJob(StringBuilder y, StackGraph graph, string id, string prefix, string purpose, string? environment, bool outputs = false, bool afterSelection = false)
    {
        var env = StackGraph.EnvironmentOf(id);
        var needs = new[] { "synth" }.Concat(afterSelection ? ["offline"] : []).Concat(graph.DependenciesOf(id).Select(d => JobId(prefix, d)));
        y.Append($$$"""
  {{{JobId(prefix, id)}}}:
    needs: [{{{string.Join(", ", needs)}}}]
    runs-on: ubuntu-latest

""");
        if (afterSelection)
        {
            // Pull requests: only the stacks ./ecolaura plan --changed-since selected (a skipped upstream job does not
            // skip this one); no selection (the offline job failed early): every stack.
            y.Append($$$"""
    if: ${{ !cancelled() && (contains(fromJSON(needs.offline.outputs.stacks || '["all"]'), 'all') || contains(fromJSON(needs.offline.outputs.stacks || '["all"]'), '{{{id}}}')) }}

""");
        }

        if (environment is not null)
        {
            y.Append($"    environment: {environment}\n");
        }

        if (outputs)
        {
            y.Append("    outputs:\n      exit-code: ${{ steps.plan.outputs.exit-code }}\n");
        }

        y.Append("    permissions:\n      contents: read\n      id-token: write\n");
        var secrets = graph.Document(id)["variable"]?.AsObject().Where(v => v.Value?["default"] is null).Select(v => v.Key).ToArray() ?? [];
        if (secrets.Length > 0)
        {
            y.Append("    env:\n");
            foreach (var variable in secrets)
            {
                y.Append(CultureInfo.InvariantCulture, $"      TF_VAR_{variable}: ${{{{ secrets.{SecretName(variable)} }}}}\n");
            }
        }

        y.Append("    steps:\n");
        Setup(y);
        Download(y);
        y.Append($$$"""
      - uses: {{{Actions["aws"]}}}
        with:
          role-to-assume: ${{ vars.{{{RoleVariable(purpose, env)}}} }}
          aws-region: {{{Region(graph, id)}}}

""");
    }

    private static void Setup(StringBuilder y, bool fullHistory = false) => y.Append($$$"""
      - uses: {{{Actions["checkout"]}}}
{{{(fullHistory ? "        with:\n          fetch-depth: 0 # the base commit of --changed-since\n" : "")}}}      - uses: {{{Actions["dotnet"]}}}
        with:
          dotnet-version: 10.0.x
      - uses: {{{Actions["node"]}}}
        with:
          node-version: 22
      - uses: {{{Actions["terraform"]}}}
        with:
          terraform_version: {{{TerraformVersion.Pinned}}}
          terraform_wrapper: false
      - uses: {{{Actions["cache"]}}}
        with:
          path: ~/.cache/ecolaura-tf
          key: ecolaura-bindings-${{ runner.os }}-${{ hashFiles('package-lock.json', 'Directory.Packages.props', 'scripts/bindings.js', 'tools/JsiiRuntimePatch/**', 'locks/*.terraform.lock.hcl') }}
      - run: ./ecolaura setup

""");

    private static void Download(StringBuilder y) => y.Append($$$"""
      - uses: {{{Actions["download"]}}}
        with:
          name: cdktf-out
          path: cdktf.out

""");

    /// <summary>The region of the stack's default aws provider (the one without an alias).</summary>
    private static string Region(StackGraph graph, string id) =>
        OfflineWorkspace.ProviderBlocks(graph.Document(id), "aws").FirstOrDefault(p => p["alias"] is null)?["region"]?.GetValue<string>()
        ?? throw new DeliveryException($"{id}: no default aws provider with a region");
}
