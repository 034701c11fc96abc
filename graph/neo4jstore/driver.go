package neo4jstore

import (
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/notifications"
)

// Timeouts of the driver. The driver's defaults retry a failed transaction
// for 30 s, so a request made while Neo4j is down would hang that long before
// its 503; ours give up sooner and let the client retry (Retry-After).
const (
	maxRetryTime      = 5 * time.Second
	connectTimeout    = 3 * time.Second
	acquireConnection = 10 * time.Second
)

// Open makes the driver for uri (bolt://, neo4j://, neo4j+s://, …) with our
// timeouts. It does not connect; the caller verifies connectivity and closes it.
func Open(uri, username, password string) (neo4j.DriverWithContext, error) {
	return neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(username, password, ""), func(c *config.Config) {
		c.MaxTransactionRetryTime = maxRetryTime
		c.SocketConnectTimeout = connectTimeout
		c.ConnectionAcquisitionTimeout = acquireConnection
		c.UserAgent = "cyberkg"
		// Every catalog query names properties a young graph may not have
		// yet (recorded_until before the first retraction): Neo4j warns of
		// each, on every run, and those warnings cost more to send and
		// decode than the answer. Nothing here reads them.
		c.NotificationsMinSeverity = notifications.DisabledLevel
	})
}
