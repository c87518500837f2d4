using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Shared;

/// <summary>
/// The base of every workspace stack. It owns the cross-cutting wiring so no stack repeats it: the Terraform and
/// provider version pins, every provider a workspace uses (one registry: the default AWS provider in the stack's region,
/// AWS aliases per region, and later Kubernetes and Helm), allowed account ids and default tags, the S3 backend with
/// encryption and locking or an HCP Terraform <c>cloud</c> block (<c>state.backend</c>), contract outputs and remote-state readers.
/// </summary>
/// <remarks>
/// The region is a parameter, so the same stack classes and constructs run in the primary and in the DR region.
/// </remarks>
/// <remarks>With <see cref="Shared.OutputSpec"/> contracts and the test helpers, the only code that touches HashiCorp.Cdktf core.</remarks>
public abstract class EcolauraStack : TerraformStack
{
    /// <summary>The hashicorp/aws version @cdktf/provider-aws 20.1.0 binds; pinned exactly.</summary>
    public const string AwsProviderVersion = "5.100.0";

    private readonly Dictionary<Workspace, TerraformRemoteState> _remoteStates = [];
    private readonly Dictionary<string, TerraformProvider> _providers = new(StringComparer.Ordinal);

    /// <summary>Creates the stack <c>&lt;env&gt;-&lt;workspace&gt;</c> with its providers and backend.</summary>
    /// <param name="scope">The app.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="workspace">Which workspace (state file) this is.</param>
    /// <param name="region">The region the stack deploys to (its default AWS provider). Default: the environment's primary region.</param>
    protected EcolauraStack(Construct scope, EnvironmentConfig environment, Workspace workspace, string? region = null)
        : base(scope, new Naming(environment).StackId(workspace))
    {
        Environment = environment;
        Workspace = workspace;
        Names = new Naming(environment);
        Region = region ?? environment.Region;

        AddOverride("terraform.required_version", $"~> {TerraformVersion.Pinned}");
        Provider = UseProvider("aws", () => new AwsProvider(this, "aws", ProviderConfig(Region, alias: null)));
        ConfigureBackend();
    }

    /// <summary>The region this stack deploys to: its default AWS provider's region.</summary>
    public string Region { get; }

    /// <summary>Folder at the repository root that holds the foundation's local state until it is migrated to S3.</summary>
    public const string BootstrapStateDirectory = "bootstrap-state";

    /// <summary>The environment this stack belongs to.</summary>
    public EnvironmentConfig Environment { get; }

    /// <summary>Which workspace (state file) this stack is.</summary>
    public Workspace Workspace { get; }

    /// <summary>Physical names of the environment.</summary>
    public Naming Names { get; }

    /// <summary>The default AWS provider, in <see cref="Region"/>.</summary>
    public AwsProvider Provider { get; }

    /// <summary>The <c>aws.dr</c> alias in the environment's DR region, created on first use.</summary>
    public AwsProvider DrProvider => AwsAlias("dr", Environment.Dr.Region);

    /// <summary>The region of CloudFront, its ACM certificates, CLOUDFRONT-scope WAF and their metrics.</summary>
    public const string GlobalServicesRegion = "us-east-1";

    /// <summary>The <c>aws.us_east_1</c> alias for CloudFront certificates and CLOUDFRONT-scope WAF, created on first use.</summary>
    public AwsProvider UsEast1Provider => RegionalProvider(GlobalServicesRegion);

    /// <summary>
    /// The provider registered under <paramref name="key"/>, created by <paramref name="create"/> on first use: the one
    /// mechanism for every provider kind (AWS aliases, Kubernetes, Helm), so a stack never configures one twice.
    /// </summary>
    /// <typeparam name="T">The provider type.</typeparam>
    /// <param name="key">A stable key, e.g. <c>aws.dr</c> or <c>kubernetes</c>.</param>
    /// <param name="create">Creates the provider in this stack.</param>
    /// <exception cref="InvalidOperationException">The key is registered with another provider type.</exception>
    public T UseProvider<T>(string key, Func<T> create) where T : TerraformProvider
    {
        if (!_providers.TryGetValue(key, out var provider))
        {
            provider = create();
            _providers[key] = provider;
        }

        return provider as T ?? throw new InvalidOperationException($"{Node.Id}: provider '{key}' is a {provider.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <summary>The default tags every resource of this stack carries (cost allocation and ownership).</summary>
    public IReadOnlyDictionary<string, string> DefaultTags => new SortedDictionary<string, string>
    {
        ["Project"] = Naming.Project,
        ["Application"] = Naming.Project,
        ["Environment"] = Environment.Name,
        ["Workspace"] = Workspace.Id(),
        ["ManagedBy"] = "cdktf",
        ["CostCenter"] = Environment.CostCenter,
        ["Owner"] = Environment.Owner,
    };

    /// <summary>Writes one contract output.</summary>
    public void Publish(OutputSpec spec, object value) =>
        _ = new TerraformOutput(this, spec.Name, new TerraformOutputConfig { Value = value, Description = spec.Description });

    /// <summary>Reads a string output of <paramref name="producer"/> through its state (S3 or HCP Terraform); records the stack dependency.</summary>
    public string ReadString(EcolauraStack producer, OutputSpec spec) => RemoteState(producer, spec).GetString(spec.Name);

    /// <summary>Reads a list output of <paramref name="producer"/> through its state (S3 or HCP Terraform); records the stack dependency.</summary>
    public string[] ReadList(EcolauraStack producer, OutputSpec spec) => RemoteState(producer, spec).GetList(spec.Name);

    /// <summary>A sensitive string input supplied at apply time (<c>TF_VAR_&lt;name&gt;</c>); never written to the JSON.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="description">What it is and where it comes from.</param>
    /// <param name="pattern">A regular expression (Terraform <c>can(regex(...))</c>) the value must match.</param>
    /// <param name="patternMessage">The error Terraform prints when it does not.</param>
    /// <param name="ephemeral">
    /// Also keep it out of the plan file and state (Terraform 1.10+): only write-only arguments may then use it.
    /// </param>
    public string SensitiveInput(string name, string description, string pattern, string patternMessage, bool ephemeral = false)
    {
        var variable = new TerraformVariable(this, name, new TerraformVariableConfig
        {
            Type = "string",
            Sensitive = true,
            Nullable = false,
            Description = description,
            Validation = new ITerraformVariableValidationConfig[]
            {
                new TerraformVariableValidationConfig
                {
                    Condition = $"${{can(regex(\"{pattern.Replace("\\", "\\\\")}\", var.{name}))}}",
                    ErrorMessage = patternMessage,
                },
            },
        });
        if (ephemeral)
        {
            variable.AddOverride("ephemeral", true);
        }

        return variable.StringValue;
    }

    /// <summary>The AWS alias named after <paramref name="region"/> (<c>aws.us_west_2</c>), e.g. for AWS Chatbot or global services.</summary>
    public AwsProvider RegionalProvider(string region) => AwsAlias(region.Replace('-', '_'), region);

    private AwsProvider AwsAlias(string alias, string region) =>
        UseProvider($"aws.{alias}", () => new AwsProvider(this, $"aws_{alias}", ProviderConfig(region, alias)));

    /// <summary>A <c>lifecycle { prevent_destroy = true }</c> block for stateful resources.</summary>
    public static TerraformResourceLifecycle PreventDestroy => new() { PreventDestroy = true };

    /// <summary>A <c>lifecycle { create_before_destroy = true }</c> block for resources others hold on to (certificates).</summary>
    public static TerraformResourceLifecycle CreateBeforeDestroy => new() { CreateBeforeDestroy = true };

    /// <summary>
    /// The one <c>terraform_remote_state</c> per producer, named after the producer's workspace id. With the S3 backend
    /// it reads the producer's key in the state bucket (the DR region's for dr). With HCP Terraform it is
    /// <c>backend = "remote"</c> on the producer's workspace: a data source built into Terraform, so it needs no provider
    /// beyond hashicorp/aws (the offline mirror holds nothing else) and keeps every contract's type and address, and
    /// it authenticates like the <c>cloud</c> block (<c>terraform login</c> or <c>TF_TOKEN_&lt;host&gt;</c>). HashiCorp
    /// recommends the tfe provider's <c>tfe_outputs</c> instead because it needs only output access, not the whole
    /// state: that would add the tfe provider (a binary the offline mirror does not hold, a lock file, a provider block)
    /// to every consuming stack, so instead each producer workspace shares its state with exactly its consumers
    /// ("Remote state sharing", docs/terraform-cloud.md).
    /// Source: https://developer.hashicorp.com/terraform/language/state/remote-state-data.
    /// </summary>
    private TerraformRemoteState RemoteState(EcolauraStack producer, OutputSpec spec)
    {
        if (producer.Workspace != spec.Producer)
        {
            throw new InvalidOperationException($"output '{spec.Name}' belongs to the {spec.Producer.Id()} workspace, not {producer.Node.Id}");
        }

        if (producer.Environment.Name != Environment.Name)
        {
            throw new InvalidOperationException($"{Node.Id} may only read workspaces of its own environment, not {producer.Node.Id}");
        }

        if (_remoteStates.TryGetValue(producer.Workspace, out var state))
        {
            return state;
        }

        AddDependency(producer);
        if (Environment.State.Backend == StateBackend.Cloud)
        {
            var cloud = Environment.State.Cloud;
            state = new DataTerraformRemoteState(this, producer.Workspace.Id(), new DataTerraformRemoteStateRemoteConfig
            {
                Organization = cloud.Organization!,
                Hostname = cloud.Hostname,
                Workspaces = new NamedRemoteWorkspace(Names.CloudWorkspace(producer.Workspace)),
            });
            _remoteStates[producer.Workspace] = state;
            return state;
        }

        // The DR-region workspaces read the DR region's replicas of their producers' state (and others read their state
        // there), so nothing they need to plan lives in the primary region.
        var inDrRegion = Workspace.InDrRegion() || producer.Workspace.InDrRegion();
        state = new DataTerraformRemoteStateS3(this, producer.Workspace.Id(), new DataTerraformRemoteStateS3Config
        {
            Bucket = inDrRegion ? Names.DrStateBucket : Names.StateBucket,
            Key = Names.StateKey(producer.Workspace),
            Region = inDrRegion ? Environment.Dr.Region : Environment.Region,
        });
        _remoteStates[producer.Workspace] = state;
        return state;
    }

    private AwsProviderConfig ProviderConfig(string region, string? alias) => new()
    {
        Region = region,
        Alias = alias,
        AllowedAccountIds = [Environment.AccountId],
        DefaultTags = new[] { new AwsProviderDefaultTags { Tags = new Dictionary<string, string>(DefaultTags) } },
    };

    private void ConfigureBackend()
    {
        if (Environment.State.Backend == StateBackend.Cloud)
        {
            // One HCP Terraform workspace per stack; no token here (terraform login or TF_TOKEN_<host>), and no bootstrap:
            // the foundation's state bucket is not where any state lives.
            var cloud = Environment.State.Cloud;
            _ = new CloudBackend(this, new CloudBackendConfig
            {
                Organization = cloud.Organization!,
                Hostname = cloud.Hostname,
                Workspaces = new NamedCloudWorkspace(Names.CloudWorkspace(Workspace), cloud.Project),
            });
            return;
        }

        if (Workspace == Workspace.Foundation && Environment.State.FoundationBackend == FoundationBackend.Local)
        {
            // Bootstrap: the bucket is created by this very workspace. See README "Bootstrapping state". The state file
            // lives outside cdktf.out (three levels up from cdktf.out/stacks/<id>/) so a new synth never deletes it.
            _ = new LocalBackend(this, new LocalBackendConfig { Path = $"../../../{BootstrapStateDirectory}/{Names.StackId(Workspace)}.tfstate" });
            return;
        }

        // The DR-region workspaces keep their state in the DR region's bucket, key and lock table (foundation's
        // StateStore), so they can be planned and applied while the primary region is down.
        var dr = Workspace.InDrRegion();
        _ = new S3Backend(this, new S3BackendConfig
        {
            Bucket = dr ? Names.DrStateBucket : Names.StateBucket,
            Key = Names.StateKey(Workspace),
            Region = dr ? Environment.Dr.Region : Environment.Region,
            Encrypt = true,
            KmsKeyId = dr ? Names.DrStateKeyAliasArn : Names.StateKeyAliasArn,
            DynamodbTable = dr ? Names.DrLockTable : Names.LockTable,
        });
        // Terraform 1.11 deprecates DynamoDB-only locking; CDKTF's S3Backend has no useLockfile, so add it here.
        AddOverride("terraform.backend.s3.use_lockfile", true);
    }
}
