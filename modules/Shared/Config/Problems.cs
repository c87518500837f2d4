namespace Ecolaura.Tf.Shared.Config;

/// <summary>
/// The one shape of every configuration validator: an environment and the field path of its section root
/// (<c>environments.prod</c>) in, every problem found out. Validators live beside their workspace's config record
/// (<c>modules/&lt;Area&gt;/&lt;Area&gt;ConfigValidator.cs</c>) and are listed once in <see cref="ConfigValidator.Sections"/>.
/// </summary>
/// <param name="environment">The whole environment (a section may compare itself with others, e.g. DR with the primary).</param>
/// <param name="path">Field path of the environment, e.g. <c>environments.prod</c>; problems extend it with their field.</param>
public delegate IEnumerable<ValidationProblem> SectionValidator(EnvironmentConfig environment, string path);

/// <summary>Collects the problems of one validator under a path prefix, formatting bad values the same way everywhere.</summary>
/// <param name="path">The prefix, e.g. <c>environments.prod</c>.</param>
public sealed class Problems(string path) : IEnumerable<ValidationProblem>
{
    private readonly List<ValidationProblem> _items = [];

    /// <summary>Adds a problem at <c>&lt;path&gt;.&lt;field&gt;</c>.</summary>
    /// <param name="field">Relative field path, e.g. <c>data.postgres.instanceClass</c> or <c>compute.nodeGroups[spot].scaling</c>.</param>
    /// <param name="value">The bad value: strings are quoted, string lists shown as <c>[a, b]</c>, <see cref="Verbatim"/> as written.</param>
    /// <param name="message">What is allowed.</param>
    public void Add(string field, object? value, string message) => _items.Add(new ValidationProblem($"{path}.{field}", Show(value), message));

    /// <summary>How a bad value is printed in an error.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        Verbatim v => v.Text,
        string s => $"'{s}'",
        IEnumerable<string> list => $"[{string.Join(", ", list)}]",
        _ => value.ToString() ?? "",
    };

    /// <inheritdoc />
    public IEnumerator<ValidationProblem> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A value already formatted for an error message (e.g. <c>min 5, desired 3, max 3</c>), printed without quotes.</summary>
/// <param name="Text">The text.</param>
public sealed record Verbatim(string Text);
