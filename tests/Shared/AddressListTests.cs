using Ecolaura.Tf.Tests.Stacks;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Shared;

/// <summary>The committed golden address lists match the synthesized stacks, so every rename shows up in review.</summary>
public class AddressListTests
{
    [Test]
    public void Committed_address_lists_match_the_synthesized_stacks()
    {
        var folder = Path.Combine(ContractTests.FindRepoRoot(), AddressList.Folder);
        var committed = Directory.GetFiles(folder, "*.txt").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        Assert.That(committed, Is.EqualTo(Synthesized.StackIds), $"one list per stack; run ./ecolaura addresses");
        foreach (var id in Synthesized.StackIds)
        {
            Assert.That(File.ReadAllText(Path.Combine(folder, $"{id}.txt")), Is.EqualTo(AddressList.Render(Synthesized.Stack(id).Root)),
                $"{id}: the addresses changed; run ./ecolaura addresses, review the diff and add a moved block for each rename of an applied resource");
        }
    }

    [Test]
    public void A_list_is_sorted_and_names_data_sources_with_their_prefix()
    {
        var list = AddressList.Of(Synthesized.Stack("prod-data").Root);
        Assert.That(list, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(list, Does.Contain("aws_db_instance.postgres").And.Contain("data.terraform_remote_state.network"));
    }
}
