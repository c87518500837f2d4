namespace Ecolaura.Tf.Shared;

/// <summary>The key-policy statement that lets CloudWatch Logs in one region encrypt this account's log groups.</summary>
public static class LogGroupEncryption
{
    /// <summary>Allows <c>logs.&lt;region&gt;.amazonaws.com</c>, only for log groups of <paramref name="accountId"/>.</summary>
    /// <remarks>https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html</remarks>
    public static PolicyStatement KeyStatement(string region, string accountId) => new()
    {
        Sid = "AllowCloudWatchLogs",
        Services = [$"logs.{region}.amazonaws.com"],
        Actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resources = ["*"],
        Conditions = PolicyStatement.When("ArnLike", "kms:EncryptionContext:aws:logs:arn", $"arn:aws:logs:{region}:{accountId}:log-group:*"),
    };
}
