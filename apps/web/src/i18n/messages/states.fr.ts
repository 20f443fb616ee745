// Les états de l'intégration en bannières, et les refus de pages (voir states.en.ts).
import type { statesEn } from "./states.en"

export const statesFr: Record<keyof typeof statesEn, string> = {
  "banner.keyInvalid":
    "Les projets ne peuvent pas être affichés : la clé de service du portail Projects n'est plus valide. Un administrateur doit mettre à jour la clé de service.",
  "banner.keyInvalidAction": "Mettre à jour la clé de service",
  "banner.trialDaysLeft": "Essai de l'intégration Projects : {days} jours restants (fin le {date}).",
  "banner.trialLastDay": "Essai de l'intégration Projects : dernier jour (fin le {date}).",
  "banner.trialExpired":
    "L'essai de 15 jours de l'intégration Projects a pris fin le {date}. Les projets ne sont plus synchronisés ; passez à une édition supérieure du CRM pour continuer.",
  "banner.deactivated":
    "L'intégration Projects est désactivée : le CRM n'affiche plus les projets du portail.",
  "banner.notReady":
    "L'intégration Projects n'est pas encore configurée : un administrateur doit choisir un portail.",
  "banner.setupAction": "Ouvrir la configuration de l'intégration",
  "banner.notAllowed.create": "Votre profil ne permet pas de créer des projets.",
  "banner.notAllowed.edit": "Votre profil ne permet pas de modifier des projets.",
}
