// Package stix reads and writes STIX 2.1 bundles (docs/stix.md).
package stix

import "github.com/google/uuid"

// Namespace is the UUIDv5 namespace of every STIX id cyberkg makes: the
// same cyberkg id always gets the same STIX id, so re-exports are stable.
var Namespace = uuid.MustParse("6f0c5ae9-6e1d-5d6c-9b0e-5c7f2b6f4a11")

// ID is the STIX id of the object of type typ that stands for the cyberkg
// id (or fact key) key.
func ID(typ, key string) string {
	return typ + "--" + uuid.NewSHA1(Namespace, []byte(typ+":"+key)).String()
}
