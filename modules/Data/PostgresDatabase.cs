using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.DbInstance;
using HashiCorp.Cdktf.Providers.Aws.DbParameterGroup;
using HashiCorp.Cdktf.Providers.Aws.DbSubnetGroup;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;

namespace Ecolaura.Tf.Data;

/// <summary>Props of <see cref="PostgresDatabase"/>.</summary>
public sealed record PostgresDatabaseProps
{
    /// <summary>DB instance identifier (letters, digits, hyphens; starts with a letter).</summary>
    public required string Identifier { get; init; }

    /// <summary>Sizes, versions and windows (validated).</summary>
    public required PostgresConfig Config { get; init; }

    /// <summary>Private data subnets, one per AZ.</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The database security group from the network workspace.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>CMK for storage and Performance Insights.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>CMK of the CloudWatch log groups the exports go to.</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>The master password: an ephemeral, sensitive input (write-only: never in plan or state).</summary>
    public required string MasterPassword { get; init; }

    /// <summary>Account id (trust conditions).</summary>
    public required string AccountId { get; init; }
}

/// <summary>
/// RDS PostgreSQL as docs/requirements.md describes it: Multi-AZ, gp3 encrypted with a CMK and autoscaling, automated backups with
/// point-in-time recovery, Performance Insights, enhanced monitoring, log exports, TLS forced by the parameter group,
/// IAM authentication, deletion protection and prevent_destroy. The master password is write-only
/// (<c>password_wo</c>), not <c>manage_master_user_password</c>: RDS refuses cross-region read replicas of a source
/// whose password it manages, and the DR workspace needs one.
/// </summary>
public sealed class PostgresDatabase : Construct
{
    /// <summary>The master user name.</summary>
    public const string MasterUsername = "ecolaura_admin";

    /// <summary>The initial database.</summary>
    public const string DatabaseName = "ecolaura";

    /// <summary>A CA that RDS currently issues (checkov CKV_AWS_211).</summary>
    public const string CaCertificate = "rds-ca-rsa2048-g1";

    /// <summary>Log retention of the exported PostgreSQL logs.</summary>
    public const int LogRetentionDays = 365;

    /// <summary>
    /// <c>apply_immediately</c> of the instance: true, so <c>terraform apply</c> is the change window. With false, RDS
    /// defers modifications to the weekly maintenance window: plans keep showing them until then, and a major upgrade
    /// fails at apply because the old parameter group cannot be deleted while the instance (pending the upgrade) still
    /// uses it. Changes that restart the database (major or minor version, instance class, CA) therefore happen when
    /// the apply runs: schedule those applies for a quiet hour. A major upgrade takes the instance, and in Multi-AZ
    /// both copies, offline while it runs; with backups on, RDS takes a snapshot before and after it
    /// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.html, checked 2026-12-01).
    /// </summary>
    public const bool ApplyImmediately = true;

    /// <summary>The parameter group family of a PostgreSQL major version, e.g. <c>postgres16</c>.</summary>
    /// <param name="majorVersion">One of <see cref="PostgresVersions.Supported"/>.</param>
    public static string ParameterGroupFamily(string majorVersion) => $"postgres{majorVersion}";

    /// <summary>The parameter group name of a major version (<c>&lt;identifier&gt;-pg16</c>): it changes with the family, so the new group can exist beside the old one.</summary>
    /// <param name="identifier">The DB instance identifier.</param>
    /// <param name="majorVersion">One of <see cref="PostgresVersions.Supported"/>.</param>
    public static string ParameterGroupName(string identifier, string majorVersion) => $"{identifier}-pg{majorVersion}";

    /// <summary>Creates the database and everything it needs.</summary>
    public PostgresDatabase(Construct scope, string id, PostgresDatabaseProps props) : base(scope, id)
    {
        var config = props.Config;
        var subnets = new DbSubnetGroup(this, "subnet_group", new DbSubnetGroupConfig
        {
            Name = props.Identifier,
            Description = "Private data subnets of every AZ",
            SubnetIds = props.SubnetIds,
        });

        // One group per major version: a major upgrade creates the new family's group first (create_before_destroy),
        // switches the instance to it in the same ModifyDBInstance call as the engine version, then deletes the old one.
        var parameters = new DbParameterGroup(this, "parameter_group", new DbParameterGroupConfig
        {
            Name = ParameterGroupName(props.Identifier, config.MajorVersion),
            Family = ParameterGroupFamily(config.MajorVersion),
            Description = "TLS only, slow-query and DDL logging",
            Parameter = new[]
            {
                new DbParameterGroupParameter { Name = "rds.force_ssl", Value = "1" },
                new DbParameterGroupParameter { Name = "log_min_duration_statement", Value = "1000" },
                new DbParameterGroupParameter { Name = "log_statement", Value = "ddl" },
                new DbParameterGroupParameter { Name = "log_connections", Value = "1" },
                new DbParameterGroupParameter { Name = "log_disconnections", Value = "1" },
            },
            Lifecycle = new HashiCorp.Cdktf.TerraformResourceLifecycle { CreateBeforeDestroy = true },
        });

        var monitoring = new IamRole(this, "monitoring_role", new IamRoleConfig
        {
            Name = $"{props.Identifier}-monitoring",
            Description = "RDS enhanced monitoring publishes OS metrics to CloudWatch Logs",
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "RdsMonitoringAssumes",
                Services = ["monitoring.rds.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
                Conditions = PolicyStatement.When("StringEquals", "aws:SourceAccount", props.AccountId),
            }),
        });
        _ = new IamRolePolicyAttachment(this, "monitoring_policy", new IamRolePolicyAttachmentConfig
        {
            Role = monitoring.Name,
            PolicyArn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        });

        // RDS creates these on first export without retention or encryption; pre-creating them sets both.
        var logGroups = LogExports.Select(log => new CloudwatchLogGroup(this, $"log_{log}", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/rds/instance/{props.Identifier}/{log}",
            RetentionInDays = LogRetentionDays,
            KmsKeyId = props.LogsKmsKeyArn,
        })).ToArray();

        var instance = new DbInstance(this, "instance", new DbInstanceConfig
        {
            Identifier = props.Identifier,
            Engine = config.Engine,
            EngineVersion = config.MajorVersion,
            // Stated explicitly: past standard support RDS keeps the version running as billed Extended Support rather
            // than force-upgrading it; synth prints a warning for such versions (DataConfigValidator.Warnings).
            EngineLifecycleSupport = "open-source-rds-extended-support",
            AutoMinorVersionUpgrade = true,
            // engine_version holds the major only, so this matters only when data.postgres.majorVersion moves on:
            // RDS refuses a new major without it ("The AllowMajorVersionUpgrade flag must be present ...").
            AllowMajorVersionUpgrade = true,
            InstanceClass = config.InstanceClass,
            MultiAz = config.MultiAz,
            StorageType = "gp3",
            AllocatedStorage = config.AllocatedStorageGb,
            MaxAllocatedStorage = config.MaxAllocatedStorageGb,
            StorageEncrypted = true,
            KmsKeyId = props.KmsKeyArn,
            DbName = DatabaseName,
            Username = MasterUsername,
            PasswordWo = props.MasterPassword,
            PasswordWoVersion = config.PasswordVersion,
            IamDatabaseAuthenticationEnabled = true,
            DbSubnetGroupName = subnets.Name,
            VpcSecurityGroupIds = [props.SecurityGroupId],
            PubliclyAccessible = false,
            Port = ServicePorts.Postgres,
            ParameterGroupName = parameters.Name,
            CaCertIdentifier = CaCertificate,
            BackupRetentionPeriod = config.BackupRetentionDays,
            BackupWindow = config.BackupWindow,
            MaintenanceWindow = config.MaintenanceWindow,
            CopyTagsToSnapshot = true,
            SkipFinalSnapshot = false,
            FinalSnapshotIdentifier = $"{props.Identifier}-final",
            DeleteAutomatedBackups = false,
            DeletionProtection = true,
            PerformanceInsightsEnabled = true,
            PerformanceInsightsKmsKeyId = props.KmsKeyArn,
            PerformanceInsightsRetentionPeriod = 7,
            MonitoringInterval = config.MonitoringIntervalSeconds,
            MonitoringRoleArn = monitoring.Arn,
            EnabledCloudwatchLogsExports = LogExports.ToArray(),
            // See ApplyImmediately: the apply is the change window.
            ApplyImmediately = ApplyImmediately,
            DependsOn = [.. logGroups],
            Lifecycle = EcolauraStack.PreventDestroy,
        });

        Address = instance.Address;
        Endpoint = instance.Endpoint;
        Arn = instance.Arn;
        InstanceIdentifier = instance.Identifier;
    }

    /// <summary>Log types exported to CloudWatch (checkov CKV_AWS_129).</summary>
    public static readonly IReadOnlyList<string> LogExports = ["postgresql", "upgrade"];

    /// <summary>Host name.</summary>
    public string Address { get; }

    /// <summary>host:port.</summary>
    public string Endpoint { get; }

    /// <summary>Instance ARN (the DR replica's <c>replicate_source_db</c>).</summary>
    public string Arn { get; }

    /// <summary>Instance identifier (alarm dimension).</summary>
    public string InstanceIdentifier { get; }
}
