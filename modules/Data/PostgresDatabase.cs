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
    /// <remarks>Required for a primary and a promoted replica (the same password as the primary's: the users came with the data); ignored while the instance replicates.</remarks>
    public string? MasterPassword { get; init; }

    /// <summary>
    /// Makes this instance a cross-region read replica (<see cref="PostgresReplication.SourceArn"/>) or the promoted
    /// former replica (<see cref="PostgresReplication.SourceArn"/> null): no database name, user or password of its own.
    /// </summary>
    /// <remarks>Default (null): a primary created with <see cref="MasterPassword"/>.</remarks>
    public PostgresReplication? Replication { get; init; }

    /// <summary>Account id (trust conditions).</summary>
    public required string AccountId { get; init; }
}

/// <summary>The replication side of a <see cref="PostgresDatabase"/> in the DR region.</summary>
/// <param name="SourceArn">
/// The primary instance's ARN (<c>replicate_source_db</c>; cross-region replicas need the ARN), or null once promoted:
/// removing <c>replicate_source_db</c> makes hashicorp/aws 5.100.0 call PromoteReadReplica (with
/// <c>backup_retention_period</c> and <c>backup_window</c>) and wait, then ModifyDBInstance with the other changes, in one
/// apply and without replacing the instance.
/// </param>
public sealed record PostgresReplication(string? SourceArn)
{
    /// <summary>
    /// The first major version whose read replicas may keep automated backups: before 14.1 RDS refuses backups on a
    /// PostgreSQL replica, so its <c>backup_retention_period</c> is 0 until promotion (Amazon RDS User Guide, "Read replica
    /// limitations with PostgreSQL", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html,
    /// checked 2026-12-01).
    /// </summary>
    public const int FirstMajorWithReplicaBackups = 14;

    /// <summary>The backup retention an instance of <paramref name="majorVersion"/> may have in this state: <paramref name="configured"/>, or 0 on a replica before 14.</summary>
    public int BackupRetention(string majorVersion, int configured) =>
        SourceArn is not null && int.Parse(majorVersion, System.Globalization.CultureInfo.InvariantCulture) < FirstMajorWithReplicaBackups ? 0 : configured;
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
        var replication = props.Replication;
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
            ReplicateSourceDb = replication?.SourceArn,
            // Stated explicitly: past standard support RDS keeps the version running as billed Extended Support rather
            // than force-upgrading it; synth prints a warning for such versions (DataConfigValidator.Warnings).
            // A replica inherits it from its source (CreateDBInstanceReadReplica has no such parameter).
            EngineLifecycleSupport = replication is null ? "open-source-rds-extended-support" : null,
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
            // A replica (and the instance it is promoted to) takes database, users and passwords from its source.
            DbName = replication is null ? DatabaseName : null,
            Username = replication is null ? MasterUsername : null,
            // A primary and a promoted replica manage the master password (write-only); a replica follows its source's.
            PasswordWo = replication?.SourceArn is null ? props.MasterPassword ?? throw new ArgumentException("a primary or promoted instance needs MasterPassword", nameof(props)) : null,
            PasswordWoVersion = replication?.SourceArn is null ? config.PasswordVersion : null,
            IamDatabaseAuthenticationEnabled = true,
            DbSubnetGroupName = subnets.Name,
            VpcSecurityGroupIds = [props.SecurityGroupId],
            PubliclyAccessible = false,
            Port = ServicePorts.Postgres,
            ParameterGroupName = parameters.Name,
            CaCertIdentifier = CaCertificate,
            BackupRetentionPeriod = replication?.BackupRetention(config.MajorVersion, config.BackupRetentionDays) ?? config.BackupRetentionDays,
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
