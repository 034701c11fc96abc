# The two commands of the README, and a few conveniences.
.PHONY: run test build web seed-check stop

run: ## Neo4j up, schema applied, seed loaded, API serving
	scripts/run

test: ## every check and test, against a throwaway Neo4j
	scripts/test

build: web
	go build -o bin/cyberkg ./cmd/cyberkg

web: ## the explorer, into web/dist (embedded by the Go build)
	cd web && npm ci --no-audit --no-fund && npm run build

seed-check: ## validate the seed files without a database
	go run ./cmd/cyberkg seed --check --dir seed/data

stop: ## stop the local Neo4j
	neo4j-local/neo4jctl stop
