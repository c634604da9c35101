using Grassroots.Domain;

namespace Grassroots.Functions.Open311;

/// <summary>What every GeoReport read is asked in: the answer format its route's extension names, and the city.</summary>
public sealed record Open311Scope(Open311Format Format, OrgNode City);
