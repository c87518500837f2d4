namespace Ecolaura.Tf.Tests.Foundation;

/// <summary>
/// Bad inputs of the <c>state</c> section (issue 14, HCP Terraform): each is refused before synth with its field path,
/// the bad value and what is allowed.
/// </summary>
public class StateConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string overrideJson)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(overrideJson))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    private static string Env(string env, string json) => $$"""{ "environments": { "{{env}}": {{json}} } }""";

    private static string Cloud(string cloud, string backend = "cloud") => $$"""{ "state": { "backend": "{{backend}}", "cloud": {{cloud}} } }""";

    [Test]
    public void The_embedded_environments_use_s3() =>
        Assert.That(DefaultEnvironments.All.Select(e => e.State.Backend), Has.All.EqualTo(StateBackend.S3));

    [Test]
    public void A_valid_cloud_backend_loads()
    {
        var dev = ConfigLoader.Load(Env("dev", Cloud("""{ "organization": "ecolaura", "project": "Ecolaura Hosting" }"""))).Single(e => e.Name == "dev");
        Assert.That((dev.State.Backend, dev.State.Cloud.Organization, dev.State.Cloud.Project, dev.State.Cloud.WorkspacePrefix, dev.State.Cloud.Hostname),
            Is.EqualTo((StateBackend.Cloud, "ecolaura", "Ecolaura Hosting", "ecolaura-", "app.terraform.io")));
        Assert.That(new Naming(dev).CloudWorkspace(Workspace.Network), Is.EqualTo("ecolaura-dev-network"));
    }

    [Test]
    public void An_unknown_backend_is_rejected() =>
        Assert.That(Problems(Env("dev", """{ "state": { "backend": "gcs" } }""")),
            Is.EqualTo(new[] { "environments.dev.state.backend: must be one of [s3, cloud], got \"gcs\"" }));

    [Test]
    public void Cloud_without_an_organization_is_rejected() =>
        Assert.That(Problems(Env("dev", """{ "state": { "backend": "cloud" } }""")),
            Is.EqualTo(new[] { "environments.dev.state.cloud.organization: state.backend 'cloud' needs the HCP Terraform organization that holds the workspaces, got absent" }));

    [Test]
    public void The_organization_is_not_checked_for_s3() =>
        Assert.That(ConfigLoader.Load(Env("dev", Cloud("""{ "organization": "not valid!" }""", backend: "s3"))).Single(e => e.Name == "dev").State.Backend,
            Is.EqualTo(StateBackend.S3));

    [TestCase("acme corp")]
    [TestCase("acme/ops")]
    public void An_organization_hcp_terraform_refuses_is_rejected(string organization) =>
        Assert.That(Problems(Env("dev", Cloud($$"""{ "organization": "{{organization}}" }"""))),
            Is.EqualTo(new[] { $"environments.dev.state.cloud.organization: must be an HCP Terraform organization name: letters, digits, '-' and '_', got '{organization}'" }));

    [TestCase("eco laura-")]
    [TestCase("ecolaura.")]
    [TestCase("ecolaura/")]
    public void A_prefix_with_characters_workspace_names_refuse_is_rejected(string prefix) =>
        Assert.That(Problems(Env("dev", Cloud($$"""{ "organization": "acme", "workspacePrefix": "{{prefix}}" }"""))),
            Is.EqualTo(new[] { $"environments.dev.state.cloud.workspacePrefix: HCP Terraform workspace names hold only letters, digits, '-' and '_', got '{prefix}'" }));

    [Test]
    public void A_prefix_that_makes_a_name_longer_than_90_characters_is_rejected()
    {
        // dev-foundation is the longest stack id of dev (14 characters): 76 + 14 = 90 is allowed, 77 + 14 = 91 is not.
        var allowed = new string('a', 76);
        Assert.That(ConfigLoader.Load(Env("dev", Cloud($$"""{ "organization": "acme", "workspacePrefix": "{{allowed}}" }"""))).Single(e => e.Name == "dev").State.Cloud.WorkspacePrefix,
            Is.EqualTo(allowed));
        var tooLong = new string('a', 77);
        Assert.That(Problems(Env("dev", Cloud($$"""{ "organization": "acme", "workspacePrefix": "{{tooLong}}" }"""))),
            Is.EqualTo(new[] { $"environments.dev.state.cloud.workspacePrefix: makes the workspace name '{tooLong}dev-foundation' 91 characters long; HCP Terraform allows at most 90, got '{tooLong}'" }));
    }

    [TestCase(" Ecolaura")]
    [TestCase("Ecolaura/Hosting")]
    [TestCase("a-project-name-that-is-longer-than-forty-")]
    public void A_project_hcp_terraform_refuses_is_rejected(string project) =>
        Assert.That(Problems(Env("dev", Cloud($$"""{ "organization": "acme", "project": "{{project}}" }"""))),
            Has.Member($"environments.dev.state.cloud.project: must be an HCP Terraform project name: 1–40 letters, digits, spaces, '-' and '_', no leading or trailing space (or leave it out for the organization's default project), got '{project}'"));

    [TestCase("https://app.terraform.io")]
    [TestCase("tfe.example.com:8443")]
    public void A_hostname_with_a_scheme_or_port_is_rejected(string hostname) =>
        Assert.That(Problems(Env("dev", Cloud($$"""{ "organization": "acme", "hostname": "{{hostname}}" }"""))),
            Is.EqualTo(new[] { $"environments.dev.state.cloud.hostname: must be a host name such as app.terraform.io (no scheme, path or port), got '{hostname}'" }));

    [Test]
    public void A_token_is_never_configuration() =>
        Assert.That(Problems(Env("dev", Cloud("""{ "organization": "acme", "token": "abc.atlasv1.def" }"""))),
            Is.EqualTo(new[] { "environments.dev.state.cloud.token: literal secrets are not allowed in configuration; secrets are sensitive Terraform inputs supplied at apply time (TF_VAR_…), got a secret value" }));

    [TestCase("prod", "warm")]
    [TestCase("staging", "pilot")]
    public void Cloud_with_a_dr_workspace_needs_an_explicit_acknowledgement(string env, string mode)
    {
        Assert.That(Problems(Env(env, Cloud("""{ "organization": "acme" }"""))),
            Is.EqualTo(new[]
            {
                $"environments.{env}.state.backend: with dr.mode '{mode}' the dr workspace's state would leave the DR region's state bucket for HCP Terraform, "
                + "so dr could no longer be planned with AWS's DR region alone; set state.cloud.acceptDrStateInHcpTerraform = true to accept HCP Terraform as that failure domain, or keep 's3', got 'cloud'",
            }));
        Assert.That(ConfigLoader.Load(Env(env, Cloud("""{ "organization": "acme", "acceptDrStateInHcpTerraform": true }"""))).Single(e => e.Name == env).State.Backend,
            Is.EqualTo(StateBackend.Cloud));
    }

    [Test]
    public void Dev_without_a_dr_workspace_needs_no_acknowledgement() =>
        Assert.That(ConfigLoader.Load(Env("dev", Cloud("""{ "organization": "acme" }"""))).Single(e => e.Name == "dev").State.Backend, Is.EqualTo(StateBackend.Cloud));

    [Test]
    public void Two_environments_whose_prefixes_give_the_same_workspace_name_are_rejected()
    {
        // "a-prod-" + "west-network" and "a-" + "prod-west-network" are the same workspace in one organization.
        var template = DefaultEnvironments.All.Single(e => e.Name == "dev");
        EnvironmentConfig Named(string name, string prefix, string organization = "acme") => template with
        {
            Name = name,
            State = template.State with { Backend = StateBackend.Cloud, Cloud = new CloudStateConfig { Organization = organization, WorkspacePrefix = prefix } },
        };

        string[] PrefixProblems(params EnvironmentConfig[] environments) =>
            ConfigValidator.Validate(environments).Where(p => p.Path.EndsWith(".workspacePrefix", StringComparison.Ordinal)).Select(p => p.ToString()).ToArray();

        Assert.That(PrefixProblems(Named("west", "a-prod-"), Named("prod-west", "a-")), Is.EqualTo(new[]
        {
            "environments.prod-west.state.cloud.workspacePrefix: gives prod-west-foundation the HCP Terraform workspace 'a-prod-west-foundation' of environment west in organization acme; workspace names are unique per organization, got 'a-'",
        }));
        Assert.That(PrefixProblems(Named("west", "a-prod-"), Named("prod-west", "a-", organization: "other")), Is.Empty, "another organization is another namespace");
        Assert.That(PrefixProblems(Named("west", "a-prod-"), Named("prod-west", "b-")), Is.Empty);
    }
}
