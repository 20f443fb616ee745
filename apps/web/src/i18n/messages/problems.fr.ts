// Les refus de l'API en français, par `code` de problem+json (voir problems.en.ts).
import type { problemsEn } from "./problems.en"

export const problemsFr: Record<keyof typeof problemsEn, string> = {
  "problem.generic": "La demande a été refusée. Vérifiez votre saisie et réessayez.",
  "problem.server": "Le serveur n'a pas pu traiter la demande. Réessayez dans un instant.",
  "problem.conflict": "Cette modification est en conflit avec l'état actuel. Rechargez la page et réessayez.",
  "problem.InvalidCredentials": "L'adresse e-mail ou le mot de passe est incorrect.",
  "problem.Unauthenticated": "Votre session a pris fin. Reconnectez-vous.",
  "problem.CsrfTokenInvalid": "Votre session n'a pas pu être confirmée. Rechargez la page et réessayez.",
  "problem.NotAdministrator": "Seuls les administrateurs peuvent faire cela.",
  "problem.OrganizationRequired": "Cette adresse e-mail appartient à plusieurs organisations.",
  "problem.UserNotFound": "Cet utilisateur n'existe pas.",
  "problem.EmailTaken": "Un utilisateur avec l'adresse {email} existe déjà.",
  "problem.LastAdministrator": "L'organisation doit garder au moins un administrateur actif.",
  "problem.ProfileNotFound": "Ce profil n'existe pas.",
  "problem.ProfileNameTaken": "Un profil nommé {name} existe déjà.",
  "problem.ApiTokenNotFound": "Ce jeton d'API n'existe pas ou a été révoqué.",
  "problem.FieldDefinitionInvalid":
    "Le champ n'a pas été ajouté : corrigez les valeurs signalées ci-dessous.",
  "problem.RecordNotFound": "Cet enregistrement n'existe pas ou a été supprimé.",
  "problem.RecordInvalid":
    "L'enregistrement n'a pas été enregistré : corrigez les champs signalés ci-dessous.",
  "problem.RecordConflict": "Un autre enregistrement utilise déjà l'une de ces valeurs.",
  "problem.IntegrationStateConflict": "L'état de l'intégration ne permet pas cette action.",
  "problem.IntegrationStateConflict.not_enabled": "L'intégration Projects n'est pas encore activée.",
  "problem.IntegrationStateConflict.setting_up":
    "L'intégration Projects est en cours de configuration : un administrateur doit d'abord choisir un portail.",
  "problem.IntegrationStateConflict.active": "L'intégration Projects est déjà active.",
  "problem.IntegrationStateConflict.deactivated":
    "L'intégration Projects est désactivée. Un administrateur peut associer de nouveau un portail.",
  "problem.TrialExpired":
    "L'essai de 15 jours de l'intégration Projects a pris fin le {endedAt}. Passez à une édition supérieure du CRM pour continuer.",
  "problem.IntegrationKeyInvalid":
    "La clé de service du portail Projects n'est plus valide. Un administrateur doit mettre à jour la clé de service.",
  "problem.CredentialRejected": "Projects a refusé ces identifiants.",
  "problem.PortalNotAvailable": "Ce portail n'est pas accessible avec ces identifiants.",
  "problem.ProjectsUnreachable": "Le service Projects est injoignable. Réessayez dans un instant.",
  "problem.ProjectPermissionDenied": "Votre profil ne permet pas de faire cela.",
  "problem.ProjectPermissionDenied.view": "Votre profil ne permet pas de voir les projets.",
  "problem.ProjectPermissionDenied.create": "Votre profil ne permet pas de créer des projets.",
  "problem.ProjectPermissionDenied.edit": "Votre profil ne permet pas de modifier des projets.",
  "problem.ProjectPermissionDenied.delete": "Votre profil ne permet pas de supprimer des projets.",
  "problem.CrmProjectNotFound": "Ce projet n'existe pas ou a été supprimé.",
  "problem.FieldMappingInvalid":
    "Le mappage des champs n'a pas été enregistré : corrigez les lignes signalées ci-dessous.",
  "problem.PermissionsInvalid": "Les autorisations n'ont pas été enregistrées.",
  "problem.ProjectInputInvalid":
    "Le projet n'a pas été enregistré : corrigez les champs signalés ci-dessous.",
  "problem.AutomaticMappingUnavailable":
    "Le mappage automatique des clients n'est plus disponible pour ce portail.",
  "problem.AutomaticMappingUnavailable.skipped":
    "Le mappage automatique des clients a été ignoré pour ce portail : mappez les clients à la main.",
  "problem.AutomaticMappingUnavailable.mapped":
    "Le mappage automatique des clients a déjà eu lieu pour ce portail.",
  "problem.AccountAlreadyMapped":
    "Ce compte est déjà mappé au client {clientName} : supprimez d'abord ce mappage.",
  "problem.ClientNotFound": "Ce client n'est pas un client du portail associé.",
  "problem.ServiceKeyRejected": "Projects a refusé cette clé de service pour {email}.",
  "problem.OAuthTokenRejected": "Projects a refusé la connexion. Connectez de nouveau votre compte Projects.",
  "problem.ProjectsValidationFailed":
    "Projects a refusé les valeurs : corrigez les champs signalés ci-dessous.",
  "problem.ProjectsNotFound": "Cet élément n'existe plus dans Projects.",
  "problem.ProjectsForbidden": "Projects ne permet pas cela à l'utilisateur du portail.",
  "problem.ProjectsUnavailable": "Le service Projects est indisponible. Réessayez dans un instant.",
  "problem.JobNotFound": "Cette tâche n'existe pas.",
  "problem.JobAlreadyFinished": "Cette tâche est déjà terminée.",
  "problem.InvalidRequestBody": "La demande a été refusée : corrigez les champs signalés ci-dessous.",
  "problem.NotFound": "Cette page ou cet enregistrement n'existe pas.",

  "fieldError.invalid": "Cette valeur n'est pas valide.",
  "fieldError.required": "Obligatoire.",
  "fieldError.unexpected": "Ce champ n'est pas attendu ici.",
  "fieldError.unknownField": "Ce champ n'existe pas.",
  "fieldError.text": "Doit être du texte.",
  "fieldError.tooLong": "{max} caractères au plus.",
  "fieldError.email": "Doit être une adresse e-mail.",
  "fieldError.phone": "Doit être un numéro de téléphone.",
  "fieldError.url": "Doit être une adresse web commençant par http:// ou https://.",
  "fieldError.number": "Doit être un nombre.",
  "fieldError.amount": "Doit être un montant.",
  "fieldError.decimals": "{max} décimales au plus.",
  "fieldError.percent": "Doit être un nombre de 0 à 100.",
  "fieldError.date": "Doit être une date.",
  "fieldError.datetime": "Doit être une date et une heure.",
  "fieldError.boolean": "Doit être oui ou non.",
  "fieldError.picklist": "Choisissez l'une des options.",
  "fieldError.id": "Choisissez un enregistrement dans la liste.",
  "fieldError.existingRecord": "Choisissez un enregistrement existant.",
  "fieldError.activeUser": "Choisissez un utilisateur actif.",
  "fieldError.unique": "Un autre enregistrement utilise déjà cette valeur.",
  "fieldError.unstorable": "Contient un caractère qui ne peut pas être enregistré.",
  "fieldError.notFillable": "Ce champ de projet ne peut pas être rempli depuis le CRM.",
  "fieldError.incompatibleType": "Un champ de ce type ne peut pas remplir ce champ de projet.",
  "fieldError.missingOptions":
    "Certaines options de ce champ n'ont pas d'équivalent dans le champ de projet.",
  "fieldError.mappedTwice": "Ce champ de projet est mappé deux fois.",
  "fieldError.unknownProfile": "Ce profil n'existe pas dans votre organisation.",
  "fieldError.listedTwice": "Ce profil figure deux fois.",
  "fieldError.viewRequired":
    "Cochez Afficher pour que ce profil puisse créer, modifier ou supprimer des projets.",
}
