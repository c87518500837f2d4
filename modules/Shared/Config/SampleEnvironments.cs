using System.Globalization;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Shared.Config;

/// <summary>
/// Generates an override file with extra environments (<c>team-01</c>, <c>team-02</c>, … cycling through the tiers, each
/// in its own placeholder account with disjoint primary and DR ranges), for the scale benchmark and tests.
/// </summary>
public static class SampleEnvironments
{
    /// <summary>The most environments (embedded ones included) the generated ranges stay disjoint for.</summary>
    public const int Max = 50;

    /// <summary>The override JSON that brings the environment count to <paramref name="total"/> (3 to <see cref="Max"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is outside 3–<see cref="Max"/>.</exception>
    public static string Override(int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, DefaultEnvironments.All.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, Max);
        var tiers = new[] { "development", "staging", "production" };
        var environments = new JsonObject();
        for (var i = 1; i <= total - DefaultEnvironments.All.Count; i++)
        {
            var name = $"team-{i:00}";
            var account = (500000000000L + i).ToString(CultureInfo.InvariantCulture);
            environments[name] = new JsonObject
            {
                ["tier"] = tiers[(i - 1) % tiers.Length],
                ["accountId"] = account,
                ["network"] = new JsonObject { ["vpcCidr"] = $"10.{40 + i}.0.0/16" },
                ["dr"] = new JsonObject { ["vpcCidr"] = $"10.{140 + i}.0.0/16" },
                ["edge"] = new JsonObject { ["domain"] = $"{name}.ecolaura.example", ["hostedZoneId"] = $"Z{i:0000000000000000}TEAM" },
                ["compute"] = new JsonObject { ["adminRoleArn"] = $"arn:aws:iam::{account}:role/ecolaura-{name}-platform-admin" },
            };
        }

        return new JsonObject { ["environments"] = environments }.ToJsonString(ConfigLoader.JsonOptions);
    }
}
