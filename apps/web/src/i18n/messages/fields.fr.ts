// Libellés des champs standard du CRM (voir fields.en.ts).
import type { fieldsEn } from "./fields.en"

export const fieldsFr: Record<keyof typeof fieldsEn, string> = {
  "field.accounts.name": "Nom du compte",
  "field.accounts.owner": "Propriétaire du compte",
  "field.accounts.website": "Site web",
  "field.accounts.phone": "Téléphone",
  "field.accounts.industry": "Secteur d'activité",
  "field.accounts.employees": "Employés",
  "field.accounts.annual_revenue": "Chiffre d'affaires annuel",
  "field.accounts.description": "Description",
  "field.contacts.first_name": "Prénom",
  "field.contacts.last_name": "Nom",
  "field.contacts.account": "Nom du compte",
  "field.contacts.owner": "Propriétaire du contact",
  "field.contacts.email": "Adresse e-mail",
  "field.contacts.phone": "Téléphone",
  "field.contacts.title": "Fonction",
  "field.contacts.description": "Description",
  "field.deals.name": "Nom de la transaction",
  "field.deals.account": "Nom du compte",
  "field.deals.owner": "Propriétaire de la transaction",
  "field.deals.amount": "Montant",
  "field.deals.stage": "Étape",
  "field.deals.closing_date": "Date de clôture",
  "field.deals.probability": "Probabilité (%)",
  "field.deals.description": "Description",
}
