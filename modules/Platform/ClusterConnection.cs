using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Helm.Provider;
using HashiCorp.Cdktf.Providers.Kubernetes.Provider;

namespace Ecolaura.Tf.Platform;

/// <summary>
/// The Kubernetes and Helm providers of a stack, configured from the compute contract: the API endpoint, the cluster
/// CA and exec authentication (<c>aws eks get-token</c>), so a short-lived token is fetched by whoever runs Terraform
/// and no token, password or kubeconfig is ever written to the JSON, the plan or the state.
/// </summary>
public static class ClusterConnection
{
    /// <summary>The client authentication API of <c>aws eks get-token</c> (AWS CLI v2).</summary>
    public const string ExecApiVersion = "client.authentication.k8s.io/v1beta1";

    /// <summary>The exec arguments: <c>eks get-token --cluster-name &lt;name&gt; --region &lt;region&gt;</c>.</summary>
    public static string[] ExecArgs(string clusterName, string region) => ["eks", "get-token", "--cluster-name", clusterName, "--region", region];

    /// <summary>The <c>kubernetes</c> provider of <paramref name="stack"/>, created on first use.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="cluster">Endpoint, base64 CA and name (Terraform references into the compute contract).</param>
    public static KubernetesProvider Kubernetes(EcolauraStack stack, ClusterEndpoint cluster) =>
        stack.UseProvider("kubernetes", () => new KubernetesProvider(stack, "kubernetes", new KubernetesProviderConfig
        {
            Host = cluster.Endpoint,
            ClusterCaCertificate = Fn.Base64decode(cluster.CertificateAuthorityData),
            Exec = new[]
            {
                new KubernetesProviderExec { ApiVersion = ExecApiVersion, Command = "aws", Args = ExecArgs(cluster.Name, stack.Region) },
            },
        }));

    /// <summary>The <c>helm</c> provider of <paramref name="stack"/>, created on first use (same endpoint and exec authentication).</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="cluster">Endpoint, base64 CA and name.</param>
    public static HelmProvider Helm(EcolauraStack stack, ClusterEndpoint cluster) =>
        stack.UseProvider("helm", () => new HelmProvider(stack, "helm", new HelmProviderConfig
        {
            Kubernetes = new HelmProviderKubernetes
            {
                Host = cluster.Endpoint,
                ClusterCaCertificate = Fn.Base64decode(cluster.CertificateAuthorityData),
                Exec = new HelmProviderKubernetesExec { ApiVersion = ExecApiVersion, Command = "aws", Args = ExecArgs(cluster.Name, stack.Region) },
            },
        }));
}

/// <summary>How to reach a cluster's API.</summary>
/// <param name="Name">The EKS cluster name.</param>
/// <param name="Endpoint">The API server URL.</param>
/// <param name="CertificateAuthorityData">Base64 PEM of the cluster CA (decoded in the provider block).</param>
public sealed record ClusterEndpoint(string Name, string Endpoint, string CertificateAuthorityData);
