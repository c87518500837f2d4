namespace Ecolaura.Tf.Shared;

/// <summary>
/// Bucket-policy statements that let AWS services deliver access logs into the data workspace's access-logs bucket,
/// and the key prefixes each service writes under (the edge workspace points its ALB and CloudFront at the same ones).
/// </summary>
public static class AccessLogDelivery
{
    /// <summary>Key prefix of ALB access logs (<c>alb/AWSLogs/&lt;account&gt;/elasticloadbalancing/…</c>).</summary>
    public const string AlbPrefix = "alb";

    /// <summary>Key prefix of CloudFront standard logs v2 (the delivery destination is <c>&lt;bucket ARN&gt;/cloudfront</c>).</summary>
    public const string CloudFrontPrefix = "cloudfront";

    /// <summary>
    /// The regional Elastic Load Balancing accounts that write ALB access logs in regions opened before August 2022
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html). Newer regions
    /// use the <c>logdelivery.elasticloadbalancing.amazonaws.com</c> service principal instead.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ElbAccounts { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["us-east-1"] = "127311923021",
        ["us-east-2"] = "033677994240",
        ["us-west-1"] = "027434742980",
        ["us-west-2"] = "797873946194",
        ["af-south-1"] = "098369216593",
        ["ap-east-1"] = "754344448648",
        ["ap-south-1"] = "718504428378",
        ["ap-northeast-1"] = "582318560864",
        ["ap-northeast-2"] = "600734575887",
        ["ap-northeast-3"] = "383597477331",
        ["ap-southeast-1"] = "114774131450",
        ["ap-southeast-2"] = "783225319266",
        ["ap-southeast-3"] = "589379963580",
        ["ca-central-1"] = "985666609251",
        ["eu-central-1"] = "054676820928",
        ["eu-west-1"] = "156460612806",
        ["eu-west-2"] = "652711504416",
        ["eu-west-3"] = "009996457667",
        ["eu-south-1"] = "635631232127",
        ["eu-north-1"] = "897822967062",
        ["me-south-1"] = "076674570225",
        ["sa-east-1"] = "507241528517",
    };

    /// <summary>Lets S3 server access logging of this account write below <paramref name="prefix"/>.</summary>
    public static PolicyStatement S3ServerAccessLogs(string accountId, string bucketArn, string prefix) => new()
    {
        Sid = "AllowServerAccessLogDelivery",
        Services = ["logging.s3.amazonaws.com"],
        Actions = ["s3:PutObject"],
        Resources = [$"{bucketArn}/{prefix}/*"],
        Conditions = PolicyStatement.When("StringEquals", "aws:SourceAccount", accountId),
    };

    /// <summary>Lets the ALB log delivery of <paramref name="region"/> write this account's logs below <see cref="AlbPrefix"/>.</summary>
    public static PolicyStatement Alb(string region, string accountId, string bucketArn) => new()
    {
        Sid = "AllowAlbLogDelivery",
        AwsPrincipals = ElbAccounts.TryGetValue(region, out var elb) ? [$"arn:aws:iam::{elb}:root"] : null,
        Services = ElbAccounts.ContainsKey(region) ? null : ["logdelivery.elasticloadbalancing.amazonaws.com"],
        Actions = ["s3:PutObject"],
        Resources = [$"{bucketArn}/{AlbPrefix}/AWSLogs/{accountId}/*"],
    };

    /// <summary>
    /// CloudFront standard logging v2 (CloudWatch Logs vended delivery from us-east-1): <c>delivery.logs.amazonaws.com</c>
    /// may write below <see cref="CloudFrontPrefix"/>, only for this account's delivery sources.
    /// </summary>
    /// <remarks>https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html</remarks>
    public static PolicyStatement CloudFrontWrite(string accountId, string bucketArn) => new()
    {
        Sid = "AllowCloudFrontLogDelivery",
        Services = ["delivery.logs.amazonaws.com"],
        Actions = ["s3:PutObject"],
        Resources = [$"{bucketArn}/{CloudFrontPrefix}/*"],
        Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = [accountId], ["s3:x-amz-acl"] = ["bucket-owner-full-control"] },
            ["ArnLike"] = DeliverySources(accountId),
        },
    };

    /// <summary>The bucket ACL and listing check CloudWatch Logs vended delivery makes before writing (same conditions).</summary>
    public static PolicyStatement CloudFrontAclCheck(string accountId, string bucketArn) => new()
    {
        Sid = "AllowCloudFrontLogDeliveryAclCheck",
        Services = ["delivery.logs.amazonaws.com"],
        Actions = ["s3:GetBucketAcl", "s3:ListBucket"],
        Resources = [bucketArn],
        Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = [accountId] },
            ["ArnLike"] = DeliverySources(accountId),
        },
    };

    private static Dictionary<string, IReadOnlyList<string>> DeliverySources(string accountId) =>
        new() { ["aws:SourceArn"] = [$"arn:aws:logs:us-east-1:{accountId}:delivery-source:*"] };
}
