using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// S3 and DynamoDB emulators from node_modules (s3rver 3.7.1, dynalite 4.0.0, both pinned in package.json) on
/// 127.0.0.1 with free ports, so the generated S3 backend can store and lock state without leaving the machine.
/// Disposing kills both processes by their PIDs and removes the emulated bucket's folder.
/// </summary>
/// <remarks>
/// What the emulators do not do, measured with Terraform 1.11.4: s3rver accepts the backend's SSE-KMS headers
/// (<c>encrypt</c>, <c>kms_key_id</c>) and silently stores the object unencrypted, so encryption is not proven here;
/// and s3rver ignores conditional writes (<c>If-None-Match</c> on PutObject), so the S3-native lock file
/// (<c>use_lockfile</c>) cannot refuse anybody: only the DynamoDB lock is proven.
/// </remarks>
public sealed class AwsEmulators : IDisposable
{
    /// <summary>s3rver accepts only its own fixed key pair; dynalite accepts any well-formed signature.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret of <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Emulator _s3;
    private readonly Emulator _dynamoDb;
    private readonly string _dataDir;
    private readonly HttpClient _http = new(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private AwsEmulators(Emulator s3, Emulator dynamoDb, string dataDir)
    {
        _s3 = s3;
        _dynamoDb = dynamoDb;
        _dataDir = dataDir;
    }

    /// <summary>The S3 endpoint, e.g. http://127.0.0.1:41234.</summary>
    public string S3Endpoint => $"http://127.0.0.1:{_s3.Port}";

    /// <summary>The DynamoDB endpoint.</summary>
    public string DynamoDbEndpoint => $"http://127.0.0.1:{_dynamoDb.Port}";

    /// <summary>The PIDs of the two emulator processes (s3rver, dynalite).</summary>
    public IReadOnlyList<int> Pids => [_s3.Pid, _dynamoDb.Pid];

    /// <summary>Whether either emulator process is still running.</summary>
    public bool AnyRunning => !_s3.HasExited || !_dynamoDb.HasExited;

    /// <summary>Starts both emulators, creates <paramref name="bucket"/> and the lock table (<c>LockID</c>, S) and waits until both answer.</summary>
    public static AwsEmulators Start(string bucket, string lockTable)
    {
        var node = Repository.Node;
        var s3rver = Repository.NodeModule(Path.Combine("s3rver", "bin", "s3rver.js"));
        var dynalite = Repository.NodeModule(Path.Combine("dynalite", "cli.js"));
        var dataDir = Path.Combine(TestTemp.Root, $"s3rver-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);

        Emulator? s3 = null;
        Emulator? dynamoDb = null;
        try
        {
            s3 = Emulator.Start("s3rver", node, FreePort(), port =>
                [s3rver, "--directory", dataDir, "--address", "127.0.0.1", "--port", port, "--no-vhost-buckets", "--configure-bucket", bucket]);
            dynamoDb = Emulator.Start("dynalite", node, FreePort(), port => [dynalite, "--host", "127.0.0.1", "--port", port]);
            var emulators = new AwsEmulators(s3, dynamoDb, dataDir);
            emulators.WaitUntilAnswering();
            emulators.CreateLockTable(lockTable);
            return emulators;
        }
        catch
        {
            s3?.Stop();
            dynamoDb?.Stop();
            Directory.Delete(dataDir, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Writes a backend-config file (HCL) that points the generated S3 backend at the emulators; pass it with
    /// <c>terraform init -backend-config=&lt;file&gt;</c>. It holds only endpoints, the emulator's fixed key pair, skip
    /// flags and retry limits: bucket, key, region, encryption, KMS key, lock table and <c>use_lockfile</c> stay as generated.
    /// </summary>
    public string WriteBackendConfig(string dir)
    {
        const string name = "ecolaura_test_emulators.s3.tfbackend";
        File.WriteAllText(Path.Combine(dir, name), $"""
            endpoints = {"{"}
              s3       = "{S3Endpoint}"
              dynamodb = "{DynamoDbEndpoint}"
            {"}"}
            use_path_style              = true
            access_key                  = "{AccessKey}"
            secret_key                  = "{SecretKey}"
            skip_credentials_validation = true
            skip_requesting_account_id  = true
            skip_metadata_api_check     = true
            skip_region_validation      = true
            max_retries                 = 1
            """);
        return name;
    }

    /// <summary>A generated <c>terraform_remote_state</c> S3 <c>config</c> with the emulator endpoint, key pair and skip flags added.</summary>
    public JsonObject RemoteStateConfig(JsonObject generated)
    {
        var config = generated.DeepClone().AsObject();
        config["endpoints"] = new JsonObject { ["s3"] = S3Endpoint };
        config["use_path_style"] = true;
        config["access_key"] = AccessKey;
        config["secret_key"] = SecretKey;
        config["skip_credentials_validation"] = true;
        config["skip_requesting_account_id"] = true;
        config["skip_metadata_api_check"] = true;
        config["skip_region_validation"] = true;
        config["max_retries"] = 1;
        return config;
    }

    /// <summary>Every object key of <paramref name="bucket"/> with its ETag (unquoted MD5).</summary>
    public IReadOnlyDictionary<string, string> ListObjects(string bucket)
    {
        var xml = Send(new HttpRequestMessage(HttpMethod.Get, $"{S3Endpoint}/{bucket}?list-type=2&max-keys=1000"));
        XNamespace s3 = "http://doc.s3.amazonaws.com/2006-03-01/";
        return XDocument.Parse(xml).Root!.Elements(s3 + "Contents")
            .ToDictionary(c => c.Element(s3 + "Key")!.Value, c => c.Element(s3 + "ETag")!.Value.Trim('"'));
    }

    /// <summary>The body of one object, read directly from the emulator (not through Terraform).</summary>
    public string GetObject(string bucket, string key) =>
        Send(new HttpRequestMessage(HttpMethod.Get, $"{S3Endpoint}/{bucket}/{key}"));

    /// <summary>Every item of the lock table as attribute → string value (<c>LockID</c>, <c>Info</c> or <c>Digest</c>).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> LockTableItems(string table)
    {
        var result = DynamoDb("Scan", new JsonObject { ["TableName"] = table });
        return result["Items"]!.AsArray()
            .Select(item => (IReadOnlyDictionary<string, string>)item!.AsObject().ToDictionary(a => a.Key, a => a.Value!["S"]!.GetValue<string>()))
            .ToArray();
    }

    /// <summary>Kills both emulators by PID and deletes the bucket folder.</summary>
    public void Dispose()
    {
        try
        {
            _s3.Stop();
            _dynamoDb.Stop();
        }
        finally
        {
            _http.Dispose();
            if (Directory.Exists(_dataDir))
            {
                Directory.Delete(_dataDir, recursive: true);
            }
        }
    }

    /// <summary>The last lines each emulator printed, for failure messages.</summary>
    public string Logs() => $"s3rver (pid {_s3.Pid}):\n{_s3.Tail()}\ndynalite (pid {_dynamoDb.Pid}):\n{_dynamoDb.Tail()}";

    private static int FreePort()
    {
        // Bind port 0 on loopback, read the port the kernel chose, release it for the emulator.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void WaitUntilAnswering()
    {
        var clock = Stopwatch.StartNew();
        foreach (var (emulator, probe) in new (Emulator, Func<HttpRequestMessage>)[]
                 {
                     (_s3, () => new HttpRequestMessage(HttpMethod.Get, $"{S3Endpoint}/")),
                     (_dynamoDb, () => DynamoDbRequest("ListTables", new JsonObject())),
                 })
        {
            while (true)
            {
                if (emulator.HasExited)
                {
                    throw new AssertionException($"{emulator.Name} exited with {emulator.ExitCode} before answering:\n{emulator.Tail()}");
                }

                try
                {
                    using var response = _http.Send(probe());
                    break;
                }
                catch (HttpRequestException) when (clock.Elapsed < StartTimeout)
                {
                    Thread.Sleep(100);
                }
                catch (HttpRequestException e)
                {
                    throw new AssertionException($"{emulator.Name} did not answer on 127.0.0.1:{emulator.Port} within {StartTimeout.TotalSeconds} s ({e.Message}):\n{emulator.Tail()}");
                }
            }
        }
    }

    private void CreateLockTable(string table)
    {
        DynamoDb("CreateTable", new JsonObject
        {
            ["TableName"] = table,
            ["AttributeDefinitions"] = new JsonArray(new JsonObject { ["AttributeName"] = "LockID", ["AttributeType"] = "S" }),
            ["KeySchema"] = new JsonArray(new JsonObject { ["AttributeName"] = "LockID", ["KeyType"] = "HASH" }),
            ["BillingMode"] = "PAY_PER_REQUEST",
        });
        var clock = Stopwatch.StartNew();
        while (DynamoDb("DescribeTable", new JsonObject { ["TableName"] = table })["Table"]!["TableStatus"]!.GetValue<string>() != "ACTIVE")
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw new AssertionException($"dynalite table {table} did not become ACTIVE within {StartTimeout.TotalSeconds} s");
            }

            Thread.Sleep(100);
        }
    }

    private JsonObject DynamoDb(string operation, JsonObject body) =>
        JsonNode.Parse(Send(DynamoDbRequest(operation, body)))!.AsObject();

    private HttpRequestMessage DynamoDbRequest(string operation, JsonObject body)
    {
        // dynalite checks that a SigV4 Authorization header is well-formed but not the signature itself.
        var request = new HttpRequestMessage(HttpMethod.Post, $"{DynamoDbEndpoint}/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", $"DynamoDB_20120810.{operation}");
        request.Headers.Add("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={AccessKey}/{DateTime.UtcNow:yyyyMMdd}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        return request;
    }

    private string Send(HttpRequestMessage request)
    {
        using (request)
        using (var response = _http.Send(request))
        {
            var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
            return response.IsSuccessStatusCode
                ? text
                : throw new AssertionException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
        }
    }

    /// <summary>One emulator process and its captured output.</summary>
    private sealed class Emulator
    {
        private readonly Process _process;
        private readonly Queue<string> _tail = new();

        private Emulator(string name, int port, Process process)
        {
            Name = name;
            Port = port;
            _process = process;
        }

        public string Name { get; }

        public int Port { get; }

        public int Pid => _process.Id;

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public static Emulator Start(string name, string node, int port, Func<string, string[]> arguments)
        {
            var info = new ProcessStartInfo(node)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments(port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k == "NODE_OPTIONS").ToArray())
            {
                info.Environment.Remove(key);
            }

            var process = new Process { StartInfo = info };
            var emulator = new Emulator(name, port, process);
            process.OutputDataReceived += (_, e) => emulator.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => emulator.Keep(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return emulator;
        }

        /// <summary>Kills the process by its PID (and any children) and waits for it to end.</summary>
        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            if (!_process.WaitForExit(10_000))
            {
                throw new AssertionException($"{Name} (pid {Pid}) did not stop within 10 s after being killed");
            }
        }

        public string Tail()
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_tail)
            {
                _tail.Enqueue(line);
                while (_tail.Count > 40)
                {
                    _tail.Dequeue();
                }
            }
        }
    }
}
