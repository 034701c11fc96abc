package graph

// Dataset is a whole graph to load, in plain form: what the seed loader
// produces and the store writes in one transaction.
type Dataset struct {
	Nodes         []NodeRecord
	Relationships []RelationshipRecord
}

// NodeRecord is one entity: its id, its kind label and its properties.
// Property values are strings, ints, floats, bools, Dates, or lists of those.
type NodeRecord struct {
	ID         string
	Kind       string
	Properties map[string]any
}

// RelationshipRecord is one relationship between two entities, by id.
type RelationshipRecord struct {
	Type       string
	From, To   string
	Properties map[string]any
	Fact       string // the key of the fact that declares it (graph.FactsOf)
}

// RelationshipTypes are the relationship types of the schema.
var RelationshipTypes = []string{
	"PARTY_TO", "WITHIN", "REPORTED_IN", "BY", "ABOUT", "ATTRIBUTES", "TARGETED",
	"CARRIED_OUT_BY", "ATTENDED", "PRODUCED", "MEMBER_OF", "HOLDS_POSITION", "PART_OF",
}
