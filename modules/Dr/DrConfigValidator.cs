namespace Ecolaura.Tf.Dr;

/// <summary>Checks the disaster-recovery region: a different region, its zones, a private VPC range and its prefix list.</summary>
public static class DrConfigValidator
{
    /// <summary>Every problem of <paramref name="env"/>'s <c>dr</c> section.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        if (RegionChecks.Region(env.Dr.Region, "dr.region", problems))
        {
            if (env.Dr.Region == env.Region)
            {
                problems.Add("dr.region", env.Dr.Region, $"must differ from region ({env.Region}): a DR copy in the same region is not disaster recovery");
            }

            RegionChecks.Zones(env.Dr.AvailabilityZones, env.Dr.Region, 2, "dr.availabilityZones", problems);
        }

        RegionChecks.Vpc(env.Dr.VpcCidr, "dr.vpcCidr", problems);
        RegionChecks.PrefixList(env.Dr.CloudFrontPrefixListId, "dr.cloudFrontPrefixListId", problems);
        return problems;
    }
}
