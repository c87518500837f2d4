namespace Ecolaura.Tf.Dr;

/// <summary>
/// Checks the disaster-recovery section: a different region and its zones, a private VPC range and its prefix list,
/// the mode the tier allows, the warm scaling and the replica's class and version against the primary's.
/// </summary>
/// <remarks>VPC ranges overlapping any other VPC (any environment, either region) are reported by <see cref="ConfigValidator"/>.</remarks>
public static class DrConfigValidator
{
    /// <summary>Every problem of <paramref name="env"/>'s <c>dr</c> section.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="path">Its path in the configuration, e.g. <c>environments.prod</c>.</param>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        var dr = env.Dr;
        var floors = env.Floors();
        if (RegionChecks.Region(dr.Region, "dr.region", problems))
        {
            if (dr.Region == env.Region)
            {
                problems.Add("dr.region", dr.Region, $"must differ from region ({env.Region}): a DR copy in the same region is not disaster recovery");
            }

            // A DR workspace builds the primary's network shape (NAT per AZ, subnets per AZ): the tier's zone floor holds there too.
            RegionChecks.Zones(dr.AvailabilityZones, dr.Region, DrSizing.HasWorkspace(env) ? Math.Max(2, floors.AvailabilityZones) : 2, "dr.availabilityZones", problems);
        }

        RegionChecks.Vpc(dr.VpcCidr, "dr.vpcCidr", problems);
        RegionChecks.PrefixList(dr.CloudFrontPrefixListId, "dr.cloudFrontPrefixListId", problems);

        if (!Enum.IsDefined(dr.Mode))
        {
            problems.Add("dr.mode", dr.Mode, "must be one of [none, pilot, warm, active]");
        }
        else if (dr.Mode == DrMode.None && floors.DrRequired)
        {
            problems.Add("dr.mode", "none", $"{env.Name} ({env.Tier.Id()} tier) needs a DR workspace: pilot, warm or active");
        }

        if (dr.Mode == DrMode.Active && !dr.Database.Replica)
        {
            problems.Add("dr.mode", "active", "needs dr.database.replica = true: active mode promotes the DR replica, and this environment has none");
        }

        if (dr.Mode == DrMode.Warm || dr.WarmNodeScaling is not null)
        {
            var scaling = DrSizing.WarmScaling(env);
            ComputeConfigValidator.CheckScaling(env, scaling, "dr.warmNodeScaling", problems.Add);
            if (floors.OnDemandGroupRequired && scaling.Min < floors.OnDemandMinNodes)
            {
                problems.Add("dr.warmNodeScaling", new Verbatim($"min {scaling.Min}"),
                    $"{env.Name} ({env.Tier.Id()} tier) needs min ≥ {floors.OnDemandMinNodes} on its on-demand groups, in the DR region too");
            }
        }

        CheckReplica(env, problems);
        CheckBackup(env.Dr.Backup, problems);
        return problems;
    }

    /// <summary>The AWS Backup section: a six-field cron schedule, retentions in AWS Backup's ranges, and a DR copy kept at least as long as the source.</summary>
    private static void CheckBackup(DrBackupConfig backup, Problems problems)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(backup.Schedule, @"^cron\((\S+ ){5}\S+\)$"))
        {
            problems.Add("dr.backup.schedule", backup.Schedule, "must be an AWS Backup cron expression with six fields, e.g. cron(0 5 ? * * *)");
        }

        var maxSource = backup.ContinuousBackup ? DrBackupConfig.MaxContinuousRetentionDays : DrBackupConfig.MaxRetentionDays;
        if (backup.RetentionDays < 1 || backup.RetentionDays > maxSource)
        {
            problems.Add("dr.backup.retentionDays", backup.RetentionDays,
                backup.ContinuousBackup
                    ? $"must be 1–{maxSource} days with continuous backup (AWS Backup keeps point-in-time recovery at most 35 days)"
                    : $"must be 1–{maxSource} days (the DR vault lock's maximum)");
        }

        if (backup.CopyRetentionDays is { } copy)
        {
            if (copy < backup.RetentionDays)
            {
                problems.Add("dr.backup.copyRetentionDays", copy,
                    $"is shorter than dr.backup.retentionDays ({backup.RetentionDays}): the DR-region copy must be kept at least as long as the source recovery point");
            }
            else if (copy > DrBackupConfig.MaxRetentionDays)
            {
                problems.Add("dr.backup.copyRetentionDays", copy, $"must be at most {DrBackupConfig.MaxRetentionDays} days (the DR vault lock's maximum retention)");
            }
        }
    }

    private static void CheckReplica(EnvironmentConfig env, Problems problems)
    {
        var db = env.Dr.Database;
        var primary = env.Data.Postgres;
        if (db.InstanceClass is { } instanceClass)
        {
            if (AwsFacts.CheckFamilySize(instanceClass, "db.", "an RDS instance class", DataConfigValidator.RdsInstanceClasses, DataConfigValidator.RdsInstanceClassesSource) is { } allowed)
            {
                problems.Add("dr.database.instanceClass", instanceClass, allowed);
            }
            else if (instanceClass != primary.InstanceClass && !db.AllowDifferentFromPrimary)
            {
                problems.Add("dr.database.instanceClass", instanceClass,
                    $"differs from the primary's data.postgres.instanceClass ({primary.InstanceClass}): a promoted replica must carry the primary's load; set dr.database.allowDifferentFromPrimary = true to mean it");
            }
        }

        if (db.MajorVersion is { } major)
        {
            if (!PostgresVersions.Supported.ContainsKey(major))
            {
                problems.Add("dr.database.majorVersion", major, $"must be one of [{string.Join(", ", PostgresVersions.Supported.Keys)}] ({PostgresVersions.Source})");
            }
            else if (major != primary.MajorVersion && !db.AllowDifferentFromPrimary)
            {
                problems.Add("dr.database.majorVersion", major,
                    $"differs from the primary's data.postgres.majorVersion ({primary.MajorVersion}): a cross-region replica runs its source's major version; set dr.database.allowDifferentFromPrimary = true only while an upgrade moves both");
            }
        }
    }
}
