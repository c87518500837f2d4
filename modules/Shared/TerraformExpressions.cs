using Constructs;
using HashiCorp.Cdktf;

namespace Ecolaura.Tf.Shared;

/// <summary>The few Terraform expressions constructs need, kept here so CDKTF core stays out of construct files.</summary>
public static class TerraformExpressions
{
    /// <summary><c>replace(url, "https://", "")</c>: an OIDC issuer as IAM condition keys spell it (host and path).</summary>
    /// <remarks>The issuer is unknown until the cluster exists, so this must be a Terraform expression, not C# string work.</remarks>
    public static string WithoutHttps(string url) => Fn.Replace(url, "https://", "");

    /// <summary>
    /// A Terraform <c>locals</c> entry named <paramref name="name"/> (unique in the stack), referenced as <c>local.&lt;name&gt;</c>:
    /// policies that embed the value read <c>${local.name}</c> instead of repeating a quoted expression inside their JSON.
    /// </summary>
    public static string Local(Construct scope, string name, string expression)
    {
        var local = new TerraformLocal(scope, name, expression);
        local.OverrideLogicalId(name);
        return local.AsString;
    }

    /// <summary>A number attribute (e.g. a launch template's <c>latest_version</c>) where the schema wants a string.</summary>
    public static string AsString(double number) => Token.AsString(number);

    /// <summary>A <c>lifecycle { ignore_changes = [...] }</c> block, for attributes another controller owns.</summary>
    public static TerraformResourceLifecycle IgnoreChanges(params string[] attributes) => new() { IgnoreChanges = attributes };
}
