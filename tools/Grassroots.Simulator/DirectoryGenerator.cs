using System.Text.Json;
using System.Text.Json.Serialization;
using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>
/// Writes a Putian-like directory file (the format of config/putian-directory.json) for a <see cref="CityShape"/>:
/// children spread as evenly as the counts allow, one responsible person with a sign-in identity per node and per
/// department. District departments may be dispatched to by their district and its towns; city departments by the
/// city, every district and every town. The same seed gives the same file, byte for byte.
/// </summary>
public static class DirectoryGenerator
{
    private static readonly string[] DistrictDepartmentKinds = ["housing", "natural-resources", "police", "market-regulation", "water", "education", "health", "transport"];
    private static readonly string[] CityDepartmentKinds = ["court", "environment", "emergency", "civil-affairs", "human-resources", "agriculture", "culture", "telecom"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static DirectoryDocument Generate(CityShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.DepartmentsPerDistrict > DistrictDepartmentKinds.Length || shape.CityDepartments > CityDepartmentKinds.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "More departments per district or city than the generator has kinds for.");
        }

        var random = new Random(seed);
        var nodes = new List<DirectoryNodeEntry>(shape.Nodes);
        DirectoryNodeEntry Node(string id, Tier tier, string? parent, string name) =>
            new()
            {
                Id = id,
                Name = name,
                Tier = tier.ToWireName(),
                ParentId = parent,
                Responsible = Person("p-" + id, random),
                NotificationTarget = "app:p-" + id,
            };

        nodes.Add(Node("city", Tier.City, null, "Model city"));
        var districts = Enumerable.Range(1, shape.Districts).Select(i => new Placed($"d{i}", "city")).ToList();
        var towns = Spread(districts, "t", shape.Towns);
        var communities = Spread(towns, "c", shape.Communities);
        var grids = Spread(communities, "g", shape.Grids);
        var units = Spread(grids, "u", shape.Units);
        foreach (var (tier, level) in new[] { (Tier.District, districts), (Tier.Town, towns), (Tier.Community, communities), (Tier.Grid, grids), (Tier.Unit, units) })
        {
            nodes.AddRange(level.Select(n => Node(n.Id, tier, n.Parent, $"{tier.ToWireName()} {n.Id}")));
        }

        var departments = new List<DirectoryDepartmentEntry>(shape.Departments);
        foreach (var district in districts)
        {
            var dispatchers = new List<string?> { district.Id };
            dispatchers.AddRange(towns.Where(t => t.Parent == district.Id).Select(t => t.Id));
            departments.AddRange(DistrictDepartmentKinds.Take(shape.DepartmentsPerDistrict).Select(kind => Department($"{district.Id}-{kind}", dispatchers, random)));
        }

        var everyone = new List<string?> { "city" };
        everyone.AddRange(districts.Select(d => d.Id));
        everyone.AddRange(towns.Select(t => t.Id));
        departments.AddRange(CityDepartmentKinds.Take(shape.CityDepartments).Select(kind => Department($"city-{kind}", everyone, random)));
        return new DirectoryDocument { SchemaVersion = DirectoryDocument.CurrentSchemaVersion, Nodes = nodes, Departments = departments };
    }

    public static string ToJson(DirectoryDocument document) => JsonSerializer.Serialize(document, Json);

    /// <summary>
    /// The file the local host starts with: the generated departments (the local Service Bus endpoint makes one queue
    /// per department it finds there) under a city node alone. The simulator then imports the whole city over HTTP.
    /// </summary>
    public static DirectoryDocument QueuesOnly(DirectoryDocument full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var city = full.Nodes!.First(n => n!.Tier == Tier.City.ToWireName())!;
        var departments = full.Departments!.Select(d => new DirectoryDepartmentEntry
        {
            Id = d!.Id,
            Name = d.Name,
            QueueName = d.QueueName,
            DispatchableBy = [city.Id],
            Contact = d.Contact,
            ResolveWithinWorkingDays = d.ResolveWithinWorkingDays,
        }).ToList();
        return new DirectoryDocument { SchemaVersion = full.SchemaVersion, Nodes = [city], Departments = departments };
    }

    /// <summary>
    /// The directory as a series of imports, each adding at most <paramref name="maxAddedNodes"/> nodes to the one before
    /// (parents before children; the departments with the first, which holds every town). Why: an import's audit row
    /// keeps the whole diff (every added node, person and identity id) in one table property, and a table property
    /// holds at most 32K characters, so today one import cannot add much more than 400 nodes (README, "Simulator").
    /// </summary>
    public static IEnumerable<DirectoryDocument> Stages(DirectoryDocument full, int maxAddedNodes)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAddedNodes);
        var nodes = full.Nodes!.Select(n => n!).ToList();
        var top = nodes.Count(n => n.Tier is "city" or "district" or "town");
        for (var count = Math.Max(top, Math.Min(maxAddedNodes, nodes.Count)); ; count = Math.Min(nodes.Count, count + maxAddedNodes))
        {
            yield return new DirectoryDocument { SchemaVersion = full.SchemaVersion, Nodes = nodes.Take(count).ToList(), Departments = full.Departments };
            if (count == nodes.Count)
            {
                yield break;
            }
        }
    }

    private sealed record Placed(string Id, string Parent);

    /// <summary>Gives each parent count / parents children, the first count % parents one more, numbered within the parent.</summary>
    private static List<Placed> Spread(List<Placed> parents, string letter, int count)
    {
        var children = new List<Placed>(count);
        for (var p = 0; p < parents.Count; p++)
        {
            var mine = count / parents.Count + (p < count % parents.Count ? 1 : 0);
            for (var i = 1; i <= mine; i++)
            {
                children.Add(new Placed($"{parents[p].Id}-{letter}{i}", parents[p].Id));
            }
        }

        return children;
    }

    private static DirectoryDepartmentEntry Department(string id, List<string?> dispatchers, Random random) => new()
    {
        Id = id,
        Name = "department " + id,
        QueueName = ServiceBusQueueName.ForDepartment(id),
        DispatchableBy = dispatchers,
        Contact = Person("p-" + id, random),
        ResolveWithinWorkingDays = Grassroots.Domain.Department.DefaultResolveWithinWorkingDays,
    };

    private static DirectoryPersonEntry Person(string personId, Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new DirectoryPersonEntry { PersonId = personId, Name = "Person " + personId[2..], Role = "on duty", Contact = "+86 594 000 0000", IdentityId = new Guid(bytes).ToString() };
    }
}
