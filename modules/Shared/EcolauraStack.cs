using Constructs;
using Ecolaura.Tf.Shared.Config;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Shared;

/// <summary>
/// The base of every workspace stack. It owns the cross-cutting wiring so no stack repeats it: the Terraform and
/// provider version pins, the AWS providers (primary, DR and us-east-1 aliases) with allowed account ids and default
/// tags, the S3 backend with encryption and locking, contract outputs and remote-state readers, and readable logical ids.
/// </summary>
/// <remarks>With <see cref="Shared.OutputSpec"/> contracts and the test helpers, the only code that touches HashiCorp.Cdktf core.</remarks>
public abstract class EcolauraStack : TerraformStack
{
    /// <summary>The hashicorp/aws version @cdktf/provider-aws 20.1.0 binds; pinned exactly.</summary>
    public const string AwsProviderVersion = "5.100.0";

    private readonly Dictionary<Workspace, DataTerraformRemoteStateS3> _remoteStates = [];
    private readonly Dictionary<string, AwsProvider> _regional = [];
    private AwsProvider? _dr;
    private AwsProvider? _usEast1;

    /// <summary>Creates the stack <c>&lt;env&gt;-&lt;workspace&gt;</c> with its providers and backend.</summary>
    protected EcolauraStack(Construct scope, EnvironmentConfig environment, Workspace workspace)
        : base(scope, new Naming(environment).StackId(workspace))
    {
        Environment = environment;
        Workspace = workspace;
        Names = new Naming(environment);

        AddOverride("terraform.required_version", $"~> {TerraformVersion.Pinned}");
        Provider = new AwsProvider(this, "aws", ProviderConfig(environment.Region, alias: null));
        ConfigureBackend();
    }

    /// <summary>Folder at the repository root that holds the foundation's local state until it is migrated to S3.</summary>
    public const string BootstrapStateDirectory = "bootstrap-state";

    /// <summary>The environment this stack belongs to.</summary>
    public EnvironmentConfig Environment { get; }

    /// <summary>Which workspace (state file) this stack is.</summary>
    public Workspace Workspace { get; }

    /// <summary>Physical names of the environment.</summary>
    public Naming Names { get; }

    /// <summary>The default provider, in the primary region.</summary>
    public AwsProvider Provider { get; }

    /// <summary>The <c>aws.dr</c> alias in the DR region, created on first use.</summary>
    public AwsProvider DrProvider => _dr ??= new AwsProvider(this, "aws_dr", ProviderConfig(Environment.Dr.Region, "dr"));

    /// <summary>The <c>aws.us_east_1</c> alias for CloudFront certificates and CLOUDFRONT-scope WAF, created on first use.</summary>
    public AwsProvider UsEast1Provider =>
        _usEast1 ??= new AwsProvider(this, "aws_us_east_1", ProviderConfig("us-east-1", "us_east_1"));

    /// <summary>The default tags every resource of this stack carries (cost allocation and ownership).</summary>
    public IReadOnlyDictionary<string, string> DefaultTags => new SortedDictionary<string, string>
    {
        ["Project"] = Naming.Project,
        ["Application"] = Naming.Project,
        ["Environment"] = Environment.Name.Id(),
        ["Workspace"] = Workspace.Id(),
        ["ManagedBy"] = "cdktf",
        ["CostCenter"] = Environment.CostCenter,
        ["Owner"] = Environment.Owner,
    };

    /// <summary>Writes one contract output.</summary>
    public void Publish(OutputSpec spec, object value) =>
        _ = new TerraformOutput(this, spec.Name, new TerraformOutputConfig { Value = value, Description = spec.Description });

    /// <summary>Reads a string output of <paramref name="producer"/> through its S3 state; records the stack dependency.</summary>
    public string ReadString(EcolauraStack producer, OutputSpec spec) => RemoteState(producer, spec).GetString(spec.Name);

    /// <summary>Reads a list output of <paramref name="producer"/> through its S3 state; records the stack dependency.</summary>
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

    /// <summary>A provider alias for a service that only has endpoints in some regions (e.g. AWS Chatbot).</summary>
    public AwsProvider RegionalProvider(string region)
    {
        var alias = region.Replace('-', '_');
        if (_regional.TryGetValue(alias, out var provider))
        {
            return provider;
        }

        provider = new AwsProvider(this, $"aws_{alias}", ProviderConfig(region, alias));
        _regional[alias] = provider;
        return provider;
    }

    /// <summary>A <c>lifecycle { prevent_destroy = true }</c> block for stateful resources.</summary>
    public static TerraformResourceLifecycle PreventDestroy => new() { PreventDestroy = true };

    /// <summary>A <c>lifecycle { create_before_destroy = true }</c> block for resources others hold on to (certificates).</summary>
    public static TerraformResourceLifecycle CreateBeforeDestroy => new() { CreateBeforeDestroy = true };

    private DataTerraformRemoteStateS3 RemoteState(EcolauraStack producer, OutputSpec spec)
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
        state = new DataTerraformRemoteStateS3(this, producer.Workspace.Id(), new DataTerraformRemoteStateS3Config
        {
            Bucket = Names.StateBucket,
            Key = Names.StateKey(producer.Workspace),
            Region = Environment.Region,
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
        if (Workspace == Workspace.Foundation && Environment.State.FoundationBackend == FoundationBackend.Local)
        {
            // Bootstrap: the bucket is created by this very workspace. See README "Bootstrapping state". The state file
            // lives outside cdktf.out (three levels up from cdktf.out/stacks/<id>/) so a new synth never deletes it.
            _ = new LocalBackend(this, new LocalBackendConfig { Path = $"../../../{BootstrapStateDirectory}/{Names.StackId(Workspace)}.tfstate" });
            return;
        }

        _ = new S3Backend(this, new S3BackendConfig
        {
            Bucket = Names.StateBucket,
            Key = Names.StateKey(Workspace),
            Region = Environment.Region,
            Encrypt = true,
            KmsKeyId = Names.StateKeyAliasArn,
            DynamodbTable = Names.LockTable,
        });
        // Terraform 1.11 deprecates DynamoDB-only locking; CDKTF's S3Backend has no useLockfile, so add it here.
        AddOverride("terraform.backend.s3.use_lockfile", true);
    }
}
