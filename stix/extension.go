package stix

import (
	_ "embed"
	"time"
)

// The cyberkg extension (docs/stix.md, "The cyberkg extension"): one
// extension-definition that adds cyberkg's own object types (new-sdo) and
// carries, on the standard objects, every property STIX has no field for
// (property-extension).

// ExtensionKey is the key whose stix.ID is the extension's id.
const ExtensionKey = "cyberkg-extension"

// ExtensionVersion is the version of the extension's definition and schema;
// bump it (and ExtensionModified) when either changes.
const ExtensionVersion = "1.0.0"

// ExtensionSchemaURL is where the extension's JSON schema is published: the
// file embedded as ExtensionSchema.
const ExtensionSchemaURL = "https://github.com/cyberkg/cyberkg/blob/main/stix/schema/extension-definition--a23017dc-d9c9-5bd9-bb73-6b51077cf20e.json"

// ProducerKey is the key whose stix.ID("identity", …) is cyberkg's own
// identity, the creator of every object that is not a speaker's claim. It
// holds a colon, so no entity id can collide with it.
const ProducerKey = "producer:cyberkg"

// The object types the extension adds. Entities are x-cyberkg-agreement,
// -event, -statement and -source (and -entity for a kind this version does
// not know); relationship facts are x-cyberkg-membership (MEMBER_OF),
// -position (HOLDS_POSITION) and -relation (PART_OF and any other).
const (
	TypeAgreement  = "x-cyberkg-agreement"
	TypeEvent      = "x-cyberkg-event"
	TypeStatement  = "x-cyberkg-statement"
	TypeSource     = "x-cyberkg-source"
	TypeEntity     = "x-cyberkg-entity"
	TypeMembership = "x-cyberkg-membership"
	TypePosition   = "x-cyberkg-position"
	TypeRelation   = "x-cyberkg-relation"
)

// ExtensionTypes lists the object types the extension defines.
var ExtensionTypes = []string{TypeAgreement, TypeEntity, TypeEvent, TypeMembership, TypePosition, TypeRelation, TypeSource, TypeStatement}

// ExtensionCreated and ExtensionModified date the extension definition
// (and the producer identity): fixed, so exports stay byte-identical.
var (
	ExtensionCreated  = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	ExtensionModified = ExtensionCreated
)

// ExtensionID is the id of the extension-definition object.
var ExtensionID = ID("extension-definition", ExtensionKey)

// ProducerID is the id of cyberkg's own identity.
var ProducerID = ID("identity", ProducerKey)

// ExtensionSchema is the extension's JSON schema (draft 2020-12). It is
// named after ExtensionID so that stix2-validator's --schemas option applies
// it to every object that uses the extension (scripts/stix-validate does).
//
//go:embed schema/extension-definition--a23017dc-d9c9-5bd9-bb73-6b51077cf20e.json
var ExtensionSchema []byte

// extensionDefinition is the extension-definition object.
func extensionDefinition() outObject {
	return outObject{
		"type":           "extension-definition",
		"spec_version":   specVersion,
		"id":             ExtensionID,
		"created_by_ref": ProducerID,
		"created":        stixTime(ExtensionCreated),
		"modified":       stixTime(ExtensionModified),
		"name":           "cyberkg",
		"description": "cyberkg's knowledge graph of cyber-cooperation between states: agreements with their status history, " +
			"events, statements, sources, memberships, positions and other relations as new outObject types, and on standard " +
			"objects the cyberkg id, kind and every property STIX has no field for. Objects whose extension has view_of " +
			"are derived from the fact it names.",
		"schema":          ExtensionSchemaURL,
		"version":         ExtensionVersion,
		"extension_types": []string{"new-sdo", "property-extension"},
	}
}

// producer is cyberkg's own identity.
func producer() outObject {
	return outObject{
		"type":           "identity",
		"spec_version":   specVersion,
		"id":             ProducerID,
		"created":        stixTime(ExtensionCreated),
		"modified":       stixTime(ExtensionModified),
		"name":           "cyberkg",
		"description":    "The cyberkg knowledge graph of cyber-cooperation between states, which produced this bundle.",
		"identity_class": "system",
	}
}
