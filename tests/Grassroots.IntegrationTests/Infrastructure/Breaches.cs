using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Infrastructure;

public static class Breaches
{
    /// <summary>Every breach charged for the event, oldest first (the test host's own table, so a scan is cheap).</summary>
    public static async Task<List<BreachRow>> BreachesOfAsync(this TestHost host, string eventId)
    {
        var table = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Breaches);
        var charged = new List<BreachRow>();
        await foreach (var breach in table.QueryAsync<BreachRow>(b => b.EventId == eventId))
        {
            charged.Add(breach);
        }

        return charged.OrderBy(b => b.DetectedAt).ToList();
    }
}
