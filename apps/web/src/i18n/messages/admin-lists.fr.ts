// Les entrées d'audit en phrases, et les pages Journal d'audit et Boîte d'envoi (voir admin-lists.en.ts).
import type { adminListsEn } from "./admin-lists.en"

export const adminListsFr: Record<keyof typeof adminListsEn, string> = {
  "nav.audit": "Journal d'audit",
  "nav.outbox": "Boîte d'envoi",

  "audit.integration.enabled": "{actor} a démarré l'intégration avec Démarrer",
  "audit.integration.oauth_connected": "{actor} a connecté son compte Projects",
  "audit.integration.portal_associated": "{actor} a associé le portail {portal}",
  "audit.integration.portal_created": "{actor} a créé le portail {portal}",
  "audit.integration.key_invalid": "Projects a refusé la clé de service du portail {portal}",
  "audit.integration.trial_expired": "L'essai de 15 jours a pris fin : les projets ne sont plus synchronisés",
  "audit.integration.service_key_updated": "{actor} a mis à jour la clé de service",
  "audit.integration.deactivated": "{actor} a désactivé l'intégration avec le portail {portal}",
  "audit.integration.field_mapping_saved": "{actor} a enregistré le mappage des champs",
  "audit.integration.permissions_saved": "{actor} a enregistré les autorisations des utilisateurs du CRM",
  "audit.integration.client_mapping.automatic":
    "{actor} a mappé les clients correspondant à un compte par leur nom",
  "audit.integration.client_mapping.skipped": "{actor} a ignoré le mappage automatique des clients",
  "audit.integration.client_mapped": "{actor} a mappé le client {client} au compte {account}",
  "audit.integration.client_unmapped": "{actor} a retiré le mappage du client {client} au compte {account}",
  "audit.other": "{actor} a modifié l'intégration",
  "audit.viaJob": "{name} (tâche en arrière-plan)",
  "audit.someone": "Quelqu'un",

  "auditPage.title": "Journal d'audit",
  "auditPage.intro": "Chaque modification de l'intégration Projects : qui, quand et quoi.",
  "auditPage.action": "Action",
  "auditPage.anyAction": "Toutes les actions",
  "auditPage.person": "Personne",
  "auditPage.anyone": "Tout le monde",
  "auditPage.empty": "Aucune modification ne correspond à ces filtres.",
  "auditPage.caption": "Modifications de l'intégration, les plus récentes d'abord",

  "filters.title": "Filtres",
  "filters.search": "Rechercher",
  "filters.from": "Du",
  "filters.to": "Au",
  "filters.apply": "Appliquer les filtres",
  "filters.clear": "Effacer les filtres",

  "outbox.title": "Boîte d'envoi",
  "outbox.intro":
    "Chaque message que le CRM a envoyé ou conservé, comme les rapports de mappage des clients.",
  "outbox.recipient": "Destinataire",
  "outbox.status": "État",
  "outbox.anyStatus": "Tous les états",
  "outbox.status.stored": "Conservé (pas de serveur de messagerie)",
  "outbox.status.queued": "En attente d'envoi",
  "outbox.status.sent": "Envoyé",
  "outbox.status.failed": "Non distribué",
  "outbox.subject": "Objet",
  "outbox.to": "À",
  "outbox.when": "Écrit le",
  "outbox.caption": "Messages, les plus récents d'abord",
  "outbox.empty": "Aucun message ne correspond à ces filtres.",
  "outbox.show": "Afficher le message",
}
